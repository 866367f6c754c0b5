#!/usr/bin/env bash
# CSO Desktop from a checkout: set up, run, test, translate and build.
#
#   ./manage.sh run [ARGS...]     set up what is missing, then open the app (ARGS go to cso-desktop)
#   ./manage.sh test [ARGS...]    set up, then the whole test suite with the linters (ARGS go to pytest)
#   ./manage.sh i18n [--strict]   extract the messages and update the az, ru and en catalogs
#   ./manage.sh compile           compile the catalogs (.mo) and Qt's Azerbaijani texts (.qm)
#   ./manage.sh build             one-folder app in dist/cso-desktop, then its smoke test
#   ./manage.sh setup             only the set-up steps (system libraries, .venv, install)
#   ./manage.sh lock              resolve the dependencies afresh into requirements.lock
#   ./manage.sh pot FILE          extract the messages into FILE (used by the tests)
#
# On Debian or Ubuntu, run as root it installs the system libraries Qt needs; otherwise it prints
# the apt-get line to run. The Python packages go into .venv, pinned by requirements.lock, and are
# reinstalled only when pyproject.toml or requirements.lock change.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

VENV="$ROOT/.venv"
VPY="$VENV/bin/python"
LOCK="requirements.lock"
STAMP="$VENV/.cso-desktop-install"
DOMAIN="cso_desktop"
LANGUAGES=(az ru en)
POT="translations/$DOMAIN.pot"
QT_TS="translations/qt/qtbase_az.ts"
QT_QM="resources/qm/qtbase_az.qm"
MIN_GLIBC="2.34"

# Shared libraries Qt loads, as "soname:Debian package".
# Offscreen (tests, headless commands): every DT_NEEDED of libQt6Gui that Debian does not always have.
QT_LIBS=(
    libglib-2.0.so.0:libglib2.0-0 libEGL.so.1:libegl1 libGL.so.1:libgl1 libX11.so.6:libx11-6
    libdbus-1.so.3:libdbus-1-3 libfontconfig.so.1:libfontconfig1 libxkbcommon.so.0:libxkbcommon0
)
# A real window on X11 (and XWayland): the DT_NEEDED of Qt's xcb platform plugin.
XCB_LIBS=(
    libX11-xcb.so.1:libx11-xcb1 libxcb.so.1:libxcb1 libxcb-cursor.so.0:libxcb-cursor0
    libxcb-icccm.so.4:libxcb-icccm4 libxcb-image.so.0:libxcb-image0
    libxcb-keysyms.so.1:libxcb-keysyms1 libxcb-randr.so.0:libxcb-randr0
    libxcb-render.so.0:libxcb-render0 libxcb-render-util.so.0:libxcb-render-util0
    libxcb-shape.so.0:libxcb-shape0 libxcb-shm.so.0:libxcb-shm0 libxcb-sync.so.1:libxcb-sync1
    libxcb-util.so.1:libxcb-util1 libxcb-xfixes.so.0:libxcb-xfixes0 libxcb-xkb.so.1:libxcb-xkb1
    libxkbcommon-x11.so.0:libxkbcommon-x11-0
)

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

say() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'manage.sh: warning: %s\n' "$*" >&2; }
die() { printf 'manage.sh: %s\n' "$*" >&2; exit 1; }

usage() {
    sed -n '2,12s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

now_ms() { "$VPY" -c 'import time; print(int(time.time() * 1000))'; }
is_root() { [[ "$(id -u)" -eq 0 ]]; }
have() { command -v "$1" >/dev/null 2>&1; }

# --- system -------------------------------------------------------------------------------------

version_ge() {  # version_ge A B: A >= B
    [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" == "$2" ]]
}

check_glibc() {
    [[ "$(uname -s)" == Linux ]] || return 0
    local version
    version="$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')" || true
    if [[ -z "$version" ]]; then
        die "this system's C library is not glibc; Qt for Python (PySide6) needs glibc $MIN_GLIBC or newer (Debian 12, Ubuntu 22.04 or newer)."
    fi
    if ! version_ge "$version" "$MIN_GLIBC"; then
        die "glibc $version is too old: the Qt for Python (PySide6) wheels need glibc $MIN_GLIBC or newer (Debian 12, Ubuntu 22.04, Fedora 35 or newer). Upgrade the system, or use the packaged app."
    fi
}

LDCACHE=""
have_lib() {
    if [[ -z "$LDCACHE" ]]; then
        LDCACHE="$(PATH="$PATH:/sbin:/usr/sbin" ldconfig -p 2>/dev/null || true)"
    fi
    grep -qF -- "$(printf '\t')$1 (" <<<"$LDCACHE"
}

# missing_packages PAIR...: the Debian packages of the sonames that are not installed, on one line.
missing_packages() {
    local pair
    for pair in "$@"; do
        have_lib "${pair%%:*}" || printf '%s ' "${pair#*:}"
    done
}

# ensure_packages PACKAGE...: install the named (missing) packages, or say how to.
ensure_packages() {
    (($# > 0)) || return 0
    if ! have apt-get; then
        warn "missing system libraries, install your system's equivalent of: $*"
        return 0
    fi
    if ! is_root; then
        die "missing system packages. Install them with:
    sudo apt-get update && sudo apt-get install -y --no-install-recommends $*
then run this command again."
    fi
    say "installing system packages: $*"
    local log started=$SECONDS
    log="$(mktemp)"
    if ! {
        DEBIAN_FRONTEND=noninteractive apt-get update -q \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
                -o DPkg::Lock::Timeout=300 "$@"
    } </dev/null >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        die "apt-get could not install: $*"
    fi
    rm -f "$log"
    LDCACHE=""
    say "system packages installed in $((SECONDS - started)) s"
}

# libpython_package PYTHON: the Debian package with the shared libpython of a Debian Python, if it
# is missing.
libpython_package() {  # libpython_package PYTHON
    local python="$1" soname
    soname="$("$python" -c 'import sysconfig; print(sysconfig.get_config_var("INSTSONAME") or "")')"
    [[ "$soname" == libpython3*.so* ]] || return 0
    have_lib "$soname" && return 0
    [[ "$("$python" -c 'import sys; print(sys.base_prefix)')" == /usr ]] || return 0
    printf 'libpython%s\n' "$(python_version "$python")"
}

# system_setup WHAT [PACKAGE...]: the system packages for WHAT (run, test or build), plus any
# named ones, in one apt-get run.
system_setup() {
    [[ "$(uname -s)" == Linux ]] || return 0
    local what="$1"
    shift
    local -a needed=("$@") missing=()
    local pkg
    case "$what" in
        run | build) read -r -a missing <<<"$(missing_packages "${QT_LIBS[@]}" "${XCB_LIBS[@]}")" ;;
        *) read -r -a missing <<<"$(missing_packages "${QT_LIBS[@]}")" ;;
    esac
    needed+=(${missing[@]+"${missing[@]}"})
    case "$what" in
        test) have pdftotext || needed+=(poppler-utils) ;;
        build)
            # PyInstaller runs objdump, and bundles libpython, which Debian's python3 links statically.
            have objdump || needed+=(binutils)
            pkg="$(libpython_package "$SETUP_PYTHON")"
            [[ -z "$pkg" ]] || needed+=("$pkg")
            ;;
    esac
    ensure_packages ${needed[@]+"${needed[@]}"}
}

# --- Python and .venv ---------------------------------------------------------------------------

python_ok() {  # python_ok EXE: Python 3.11 or newer
    "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3 python3.13 python3.12 python3.11; do
        if [[ -z "$candidate" ]] || ! have "$candidate"; then
            continue
        fi
        if python_ok "$candidate"; then
            # The interpreter itself, not a launcher such as a pyenv shim.
            "$candidate" -c 'import sys; print(sys.executable)'
            return 0
        fi
    done
    return 1
}

python_version() {
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])'
}

ensure_python() {
    local python
    if python="$(find_python)"; then
        printf '%s\n' "$python"
        return 0
    fi
    if is_root && have apt-get && ! have python3; then
        ensure_packages python3 python3-venv
        python="$(find_python)" && { printf '%s\n' "$python"; return 0; }
    fi
    local found="none"
    have python3 && found="$(python3 --version 2>&1)"
    die "Python 3.11 or newer is needed (found: $found). On Debian 12 or Ubuntu 22.04+: sudo apt-get install python3 python3-venv. Elsewhere install Python 3.11+ and run again with PYTHON=/path/to/python3.11."
}

# venv_package PYTHON: the Debian package PYTHON needs to create a virtual environment, if any.
venv_package() {
    local python="$1"
    "$python" -c 'import ensurepip, venv' >/dev/null 2>&1 && return 0
    have apt-get || return 0
    if [[ "$(readlink -f "$python")" == "$(readlink -f /usr/bin/python3 2>/dev/null)" ]]; then
        printf 'python3-venv\n'
    else
        printf 'python%s-venv\n' "$(python_version "$python")"
    fi
}

ensure_venv_module() {
    local python="$1"
    "$python" -c 'import ensurepip, venv' >/dev/null 2>&1 && return 0
    local pkg
    pkg="$(venv_package "$python")"
    [[ -n "$pkg" ]] || die "$python cannot create a virtual environment (no ensurepip); install its venv support."
    ensure_packages "$pkg"
}

venv_runs() {
    [[ -x "$VPY" ]] && "$VPY" -c 'pass' >/dev/null 2>&1
}

ensure_venv() {  # ensure_venv [PYTHON]
    if [[ -e "$VPY" || -L "$VPY" ]] && ! venv_runs; then
        say ".venv's Python no longer runs; recreating .venv"
        rm -rf "$VENV"
    fi
    if venv_runs; then
        python_ok "$VPY" || die ".venv has Python $(python_version "$VPY"); 3.11 or newer is needed. Remove .venv and run again."
        return 0
    fi
    local python="${1:-}"
    [[ -n "$python" ]] || python="$(ensure_python)"
    ensure_venv_module "$python"
    say "creating .venv with $python (Python $(python_version "$python"))"
    "$python" -m venv "$VENV"
}

install_fingerprint() {
    "$VPY" - "$LOCK" <<'PY'
import hashlib
import sys

digest = hashlib.sha256(sys.version.encode())
for name in ("pyproject.toml", sys.argv[1]):
    with open(name, "rb") as handle:
        digest.update(handle.read())
print(digest.hexdigest())
PY
}

install_project() {
    [[ -f "$LOCK" ]] || die "$LOCK is missing; create it with: ./manage.sh lock"
    local want
    want="$(install_fingerprint)"
    if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
        return 0
    fi
    if ! "$VPY" -m pip --version >/dev/null 2>&1; then
        say ".venv has no working pip; restoring it"
        "$VPY" -m ensurepip -q </dev/null
    fi
    say "installing CSO Desktop and its dependencies into .venv (pinned by $LOCK)"
    local started=$SECONDS
    "$VPY" -m pip install -q -c "$LOCK" -e "${ROOT}[dev]" </dev/null
    printf '%s\n' "$want" >"$STAMP"
    say "installed into .venv in $((SECONDS - started)) s"
}

SETUP_PYTHON=""  # the Python that .venv has or will be created with

setup() {  # setup WHAT
    check_glibc
    local python="" venv_pkg=""
    SETUP_PYTHON="$VPY"
    if ! venv_runs; then
        python="$(ensure_python)"
        venv_pkg="$(venv_package "$python")"
        SETUP_PYTHON="$python"
    fi
    # shellcheck disable=SC2086 # venv_pkg is one word or nothing
    system_setup "$1" $venv_pkg
    ensure_venv "$python"
    install_project
}

# --- translations -------------------------------------------------------------------------------

pybabel() {
    if [[ -x "$VENV/bin/pybabel" ]]; then
        "$VENV/bin/pybabel" "$@"
    else
        command pybabel "$@"
    fi
}

extract_pot() {  # extract_pot OUTPUT
    pybabel -q extract -F babel.cfg --no-default-keywords \
        -k _ -k N_ -k NC_:1c,2 -k ngettext:1,2 -k pgettext:1c,2 -k npgettext:1c,2,3 \
        --add-comments=TRANSLATORS: --sort-output --ignore-dirs='.* ._ build dist' \
        --project="CSO Desktop" --version="$("$VPY" -c 'import cso_desktop; print(cso_desktop.__version__)')" \
        --copyright-holder="CSO Desktop contributors" \
        -o "$1" .
}

cmd_pot() {
    (($# == 1)) || die "usage: ./manage.sh pot OUTPUT.pot"
    extract_pot "$1"
}

cmd_i18n() {
    local strict=0
    case "${1:-}" in
        "") ;;
        --strict) strict=1 ;;
        *) die "usage: ./manage.sh i18n [--strict]" ;;
    esac
    setup i18n
    mkdir -p translations
    local fresh
    fresh="$(mktemp)"
    say "extracting messages into $POT"
    extract_pot "$fresh"
    # Keep the committed template when only its creation date would change.
    if [[ -f "$POT" ]] && diff -q <(grep -v '^"POT-Creation-Date:' "$POT") \
        <(grep -v '^"POT-Creation-Date:' "$fresh") >/dev/null; then
        rm -f "$fresh"
    else
        mv "$fresh" "$POT"
        chmod 644 "$POT"
    fi
    local lang po
    for lang in "${LANGUAGES[@]}"; do
        po="translations/$lang/LC_MESSAGES/$DOMAIN.po"
        if [[ ! -f "$po" ]]; then
            say "creating the $lang catalog"
            pybabel -q init -i "$POT" -d translations -D "$DOMAIN" -l "$lang"
        fi
        pybabel -q update -i "$POT" -d translations -D "$DOMAIN" -l "$lang" --ignore-obsolete
    done
    # Tidy the catalogs and report. English is the identity catalog; an entry with no
    # translation is untranslated, never "fuzzy"; the header is never fuzzy, so the
    # catalogs compile.
    "$VPY" - "$strict" "$DOMAIN" "${LANGUAGES[@]}" <<'PY'
import io
import sys

from babel.messages.pofile import read_po, write_po

strict, domain, languages = sys.argv[1] == "1", sys.argv[2], sys.argv[3:]
incomplete = False
for language in languages:
    path = f"translations/{language}/LC_MESSAGES/{domain}.po"
    with open(path, "rb") as handle:
        original = handle.read()
    catalog = read_po(io.BytesIO(original), locale=language, domain=domain)
    catalog.fuzzy = False
    for message in catalog:
        if not message.id:
            continue
        if language == "en":
            message.string = message.id if not message.pluralizable else tuple(
                message.id[min(index, 1)] for index in range(catalog.num_plurals)
            )
            message.flags.discard("fuzzy")
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not any(strings):
            message.flags.discard("fuzzy")
    buffer = io.BytesIO()
    write_po(buffer, catalog, ignore_obsolete=True)
    if buffer.getvalue() != original:
        with open(path, "wb") as handle:
            handle.write(buffer.getvalue())
    total = untranslated = fuzzy = 0
    for message in catalog:
        if not message.id:
            continue
        total += 1
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            fuzzy += 1
        elif not all(strings):
            untranslated += 1
    incomplete = incomplete or bool(untranslated or fuzzy)
    print(
        f"==> {language}: {total - untranslated - fuzzy} of {total} translated, "
        f"{untranslated} untranslated, {fuzzy} fuzzy",
        file=sys.stderr,
    )
if strict and incomplete:
    sys.exit("manage.sh: some catalogs have untranslated or fuzzy messages")
PY
    compile_translations
}

compile_translations() {
    local lang po mo
    for lang in "${LANGUAGES[@]}"; do
        po="translations/$lang/LC_MESSAGES/$DOMAIN.po"
        mo="resources/locale/$lang/LC_MESSAGES/$DOMAIN.mo"
        if [[ ! -f "$po" ]]; then
            warn "no $lang catalog ($po); create it with ./manage.sh i18n"
            continue
        fi
        [[ -f "$mo" && "$mo" -nt "$po" ]] && continue
        mkdir -p "$(dirname "$mo")"
        pybabel -q compile -D "$DOMAIN" -l "$lang" -i "$po" -o "$mo"
    done
    if [[ -f "$QT_TS" ]] && [[ ! -f "$QT_QM" || "$QT_TS" -nt "$QT_QM" ]]; then
        mkdir -p "$(dirname "$QT_QM")"
        "$VENV/bin/pyside6-lrelease" -silent -fail-on-unfinished -fail-on-invalid \
            "$QT_TS" -qm "$QT_QM"
    fi
}

cmd_compile() {
    setup compile
    say "compiling translations into resources/"
    compile_translations
}

# --- commands -----------------------------------------------------------------------------------

cmd_run() {
    setup run
    compile_translations
    exec "$VPY" -m cso_desktop "$@"
}

cmd_test() {
    setup test
    compile_translations
    say "running the test suite (offscreen; ruff and import-linter run as tests)"
    local status=0
    QT_QPA_PLATFORM=offscreen "$VPY" -m pytest "$@" </dev/null || status=$?
    if ((status == 5)); then
        printf 'manage.sh: pytest collected no tests\n' >&2
        exit 1
    fi
    exit "$status"
}

cmd_setup() {
    setup run
    compile_translations
    say "ready: .venv is installed and the translations are compiled"
}

cmd_lock() {
    local python work
    python="$(ensure_python)"
    ensure_venv_module "$python"
    work="$(mktemp -d)"
    # shellcheck disable=SC2064 # expand now: $work is local
    trap "rm -rf '$work'" EXIT
    say "resolving the dependencies of pyproject.toml (with the dev extra) in a throwaway venv"
    "$python" -m venv "$work/venv"
    "$work/venv/bin/python" -m pip install -q -e "${ROOT}[dev]" </dev/null
    {
        printf '%s\n' \
            "# The exact versions CSO Desktop is developed, tested and built with: the dependencies" \
            "# of pyproject.toml and its dev extra, resolved on Linux x86_64 with Python $(python_version "$python")." \
            "# Used as pip constraints by ./manage.sh; regenerate with ./manage.sh lock."
        "$work/venv/bin/python" -m pip freeze --exclude-editable | grep -v -i '^cso-desktop[= @]'
    } >"$LOCK.new"
    mv "$LOCK.new" "$LOCK"
    say "wrote $LOCK ($(grep -c '==' "$LOCK") packages)"
}

cmd_build() {
    setup build
    compile_translations
    local started finished
    started="$(date +%s)"
    say "building dist/cso-desktop with PyInstaller (installer/cso_desktop.spec)"
    rm -rf dist/cso-desktop
    "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
        --distpath dist --workpath build/pyinstaller installer/cso_desktop.spec </dev/null
    finished="$(date +%s)"
    say "built dist/cso-desktop in $((finished - started)) s: $(du -sh dist/cso-desktop | cut -f1)"
    smoke_frozen dist/cso-desktop/cso-desktop
}

# smoke_frozen EXE: the frozen app makes the workshop file, checks it and shows every page.
smoke_frozen() {
    local exe="$1" work
    work="$(mktemp -d)"
    # shellcheck disable=SC2064 # expand now: $work is local
    trap "rm -rf '$work'" EXIT
    export CSO_DESKTOP_HOME="$work/home" QT_QPA_PLATFORM=offscreen
    local step started
    for step in demo check smoke; do
        started="$(now_ms)"
        local -a args
        case "$step" in
            demo) args=(demo "$work/workshop.csodb" --beneficiaries 200 --seed 1) ;;
            check) args=(check "$work/workshop.csodb") ;;
            smoke) args=(--db "$work/workshop.csodb" --smoke-test --no-error-dialogs) ;;
        esac
        if ! "$exe" "${args[@]}" >"$work/$step.out" 2>"$work/$step.err" </dev/null; then
            cat "$work/$step.out" "$work/$step.err" >&2
            if [[ -f "$CSO_DESKTOP_HOME/logs/cso-desktop.log" ]]; then
                printf -- '--- end of the log:\n' >&2
                tail -n 25 "$CSO_DESKTOP_HOME/logs/cso-desktop.log" >&2
            fi
            die "frozen smoke test failed: cso-desktop ${args[*]}"
        fi
        if grep -q 'Traceback' "$work/$step.err"; then
            cat "$work/$step.err" >&2
            die "frozen smoke test: cso-desktop ${args[*]} wrote a traceback"
        fi
        say "frozen $step: ok in $(($(now_ms) - started)) ms"
    done
    if [[ -s "$work/smoke.out" ]]; then
        sed 's/^/    /' "$work/smoke.out" >&2
    fi
}

main() {
    local command="${1:-}"
    (($# > 0)) && shift
    case "$command" in
        run) cmd_run "$@" ;;
        test) cmd_test "$@" ;;
        i18n) cmd_i18n "$@" ;;
        compile) cmd_compile "$@" ;;
        build) cmd_build "$@" ;;
        setup) cmd_setup "$@" ;;
        lock) cmd_lock "$@" ;;
        pot) cmd_pot "$@" ;;
        -h | --help | help) usage ;;
        "") usage >&2; exit 2 ;;
        *) printf 'manage.sh: unknown command "%s"\n\n' "$command" >&2; usage >&2; exit 2 ;;
    esac
}

main "$@"
