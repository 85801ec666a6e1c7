"""placeholder"""
def extract_narrative(doc, seg, disc):
    pass
