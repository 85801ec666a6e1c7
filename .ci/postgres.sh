# Sourced by .ci/run: start the local PostgreSQL cluster (Debian's postgresql-common), create
# a role and a database for the tests, and export BUDGETLENS_TEST_PG. Returns non-zero and
# exports nothing when PostgreSQL is not available; the PostgreSQL tests then skip.
# The role may create databases: each test module works in a database of its own.

_bl_pg_as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

_bl_pg_setup() {
  command -v pg_lsclusters >/dev/null 2>&1 || { echo "postgres.sh: postgresql-common not installed"; return 1; }
  local version cluster port
  read -r version cluster port _ < <(pg_lsclusters --no-header 2>/dev/null | sort -k1,1V | tail -n 1) || true
  if [ -z "${version:-}" ]; then
    version=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)
    [ -n "$version" ] || { echo "postgres.sh: no PostgreSQL server installed"; return 1; }
    pg_createcluster "$version" main >/dev/null || return 1
    read -r version cluster port _ < <(pg_lsclusters --no-header | sort -k1,1V | tail -n 1)
  fi
  if ! pg_lsclusters --no-header | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $4}' | grep -q online; then
    pg_ctlcluster "$version" "$cluster" start || return 1
  fi
  local i
  for i in $(seq 1 30); do
    pg_isready -q -h localhost -p "$port" && break
    sleep 1
  done
  pg_isready -q -h localhost -p "$port" || { echo "postgres.sh: server on port $port not ready"; return 1; }
  _bl_pg_as_postgres psql -q -v ON_ERROR_STOP=1 -p "$port" -d postgres -c "
    DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'budgetlens') THEN
        CREATE ROLE budgetlens LOGIN CREATEDB PASSWORD 'budgetlens';
      END IF;
    END \$\$;" || return 1
  if ! _bl_pg_as_postgres psql -p "$port" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = 'budgetlens_test'" | grep -q 1; then
    _bl_pg_as_postgres createdb -p "$port" -O budgetlens budgetlens_test || return 1
  fi
  export BUDGETLENS_TEST_PG="postgresql+psycopg://budgetlens:budgetlens@localhost:${port}/budgetlens_test"
  echo "PostgreSQL $version/$cluster ready: BUDGETLENS_TEST_PG=$BUDGETLENS_TEST_PG"
}

_bl_pg_setup
