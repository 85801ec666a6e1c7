"""`budgetlens serve`: the web portal and REST API."""

from __future__ import annotations

import typer
from rich.console import Console

from ..store.errors import StoreError
from .store import db_option

err = Console(stderr=True)


def serve(db: str | None = db_option(),
          host: str = typer.Option("127.0.0.1", "--host", help="监听地址（0.0.0.0 对外开放）"),
          port: int = typer.Option(8001, "--port", help="端口"),
          admin_token: str | None = typer.Option(None, "--admin-token",
                                                 help="管理员令牌：设定后上传、生成公开文件、发布与删除须登录，上传的文件为草稿，"
                                                      "发布前公众不可见（也可用环境变量 BUDGETLENS_ADMIN_TOKEN 设定；"
                                                      "多名管理员：BUDGETLENS_ADMIN_TOKENS=\"名称1:令牌1,名称2:令牌2\" "
                                                      "或令牌文件 BUDGETLENS_ADMIN_TOKENS_FILE，每行“名称:令牌”）")):
    """启动网站与数据接口（浏览器打开 http://HOST:PORT/；接口文档 /api/docs）。上传大小上限由环境变量
    BUDGETLENS_MAX_UPLOAD_MB 设定（默认 50）；管理员登录的有效时长由 BUDGETLENS_SESSION_HOURS 设定（默认 12 小时）。"""
    import uvicorn

    from ..web import create_app
    from ..web.auth import AdminConfigError
    try:
        app = create_app(db, admin_token)
    except (StoreError, AdminConfigError) as exc:
        err.print(f"[red]错误：[/red]{exc}")
        raise typer.Exit(2) from exc
    err.print(f"budgetlens 网站：http://{host}:{port}/ （Ctrl+C 停止）")
    if app.state.admins:
        err.print(f"管理员：{'、'.join(app.state.admins)}")
    else:
        err.print("未设定管理员令牌：任何能访问本网站的人都可上传、发布和删除（--admin-token）")
    uvicorn.run(app, host=host, port=port, log_level="info")
