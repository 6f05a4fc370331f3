#!/bin/sh
# Installs (or upgrades) Yingke on a systemd Linux server. Safe to run again: it replaces the
# binary and the unit file, but never overwrites an existing configuration file and never
# touches the contents of an existing data folder.
#
#   sudo install/install.sh [PATH_TO_BINARY]      (default: build/yingke, from `npm run build`)
#
# Result:
#   /opt/yingke/yingke                    the executable (root-owned, 0755)
#   /etc/yingke/yingke.toml               configuration, from config/yingke.toml if absent (0640)
#   /var/lib/yingke/                      data folder: database, key, backups (yingke, 0700)
#   /etc/systemd/system/yingke.service    the unit, enabled (not started) when systemd is present
#
# Environment (mostly for packaging and tests):
#   DESTDIR=/some/root   install under this root instead of /; SKIP_USER and SKIP_SYSTEMD then
#                        default to 1 (set SKIP_USER=0 to create the user and set ownership anyway)
#   SKIP_USER=1          do not create the yingke user and do not change ownership
#   SKIP_SYSTEMD=1       do not call systemctl (always skipped with DESTDIR)
#   YINGKE_USER=yingke   service account name
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
binary=${1:-$repo/build/yingke}
config_source=${YINGKE_CONFIG_SOURCE:-$repo/config/yingke.toml}
unit_source=$here/yingke.service
user=${YINGKE_USER:-yingke}

DESTDIR=${DESTDIR:-}
DESTDIR=${DESTDIR%/}
if [ -n "$DESTDIR" ]; then
  SKIP_USER=${SKIP_USER:-1}
  SKIP_SYSTEMD=1
fi
# "1" (or any value but "0") skips; empty or "0" does not.
case ${SKIP_USER:-0} in 0) SKIP_USER= ;; *) SKIP_USER=1 ;; esac
case ${SKIP_SYSTEMD:-0} in 0) SKIP_SYSTEMD= ;; *) SKIP_SYSTEMD=1 ;; esac

opt_dir=$DESTDIR/opt/yingke
etc_dir=$DESTDIR/etc/yingke
data_dir=$DESTDIR/var/lib/yingke
unit_dir=$DESTDIR/etc/systemd/system

say() { printf '[yingke-install] %s\n' "$*"; }
die() { printf '[yingke-install] error: %s\n' "$*" >&2; exit 1; }

[ -f "$binary" ] || die "binary $binary not found; run 'npm run build' first or pass its path"
[ -f "$config_source" ] || die "default configuration $config_source not found"
[ -f "$unit_source" ] || die "unit file $unit_source not found"
if [ -z "$DESTDIR" ] && [ "$(id -u)" -ne 0 ]; then
  die "run as root (or set DESTDIR to install into a staging root)"
fi

# 1. Service account: a system user with no login shell and no home of its own.
if [ -z "$SKIP_USER" ]; then
  if id "$user" >/dev/null 2>&1; then
    say "user $user exists"
  else
    nologin=/usr/sbin/nologin
    [ -x "$nologin" ] || nologin=/sbin/nologin
    [ -x "$nologin" ] || nologin=/bin/false
    if command -v useradd >/dev/null 2>&1; then
      useradd --system --user-group --no-create-home --home-dir /var/lib/yingke --shell "$nologin" "$user"
    elif command -v adduser >/dev/null 2>&1; then
      adduser --system --group --no-create-home --home /var/lib/yingke --shell "$nologin" "$user"
    else
      die "neither useradd nor adduser is available to create the $user user"
    fi
    say "created system user $user"
  fi
fi

# 2. The binary, replaced atomically (a running server keeps its old inode until restarted).
install -d -m 0755 "$opt_dir"
install -m 0755 "$binary" "$opt_dir/yingke.new"
mv -f "$opt_dir/yingke.new" "$opt_dir/yingke"
say "installed $opt_dir/yingke"

# 3. Configuration: copied only if absent; an existing file is the operator's and is kept.
install -d -m 0750 "$etc_dir"
if [ -z "$SKIP_USER" ]; then chgrp "$user" "$etc_dir"; fi
if [ -e "$etc_dir/yingke.toml" ]; then
  say "kept existing configuration $etc_dir/yingke.toml (the new defaults are in $config_source)"
else
  install -m 0640 "$config_source" "$etc_dir/yingke.toml"
  if [ -z "$SKIP_USER" ]; then chgrp "$user" "$etc_dir/yingke.toml"; fi
  say "wrote default configuration $etc_dir/yingke.toml"
fi

# 4. Data folder: created owner-only; an existing one is left alone apart from an ownership check.
if [ -d "$data_dir" ]; then
  say "kept existing data folder $data_dir"
  if [ -z "$SKIP_USER" ]; then
    owner=$(stat -c %U "$data_dir")
    if [ "$owner" != "$user" ]; then
      say "warning: $data_dir is owned by $owner, not $user; the service cannot write to it."
      say "         fix with: chown -R $user:$user $data_dir"
    fi
  fi
else
  install -d -m 0700 "$data_dir"
  if [ -z "$SKIP_USER" ]; then chown "$user:$user" "$data_dir"; fi
  say "created data folder $data_dir"
fi

# 5. systemd unit: ours, so it is replaced; local changes belong in drop-ins.
install -d -m 0755 "$unit_dir"
install -m 0644 "$unit_source" "$unit_dir/yingke.service"
say "installed $unit_dir/yingke.service"
if [ -z "$SKIP_SYSTEMD" ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable yingke.service >/dev/null 2>&1
  say "enabled yingke.service"
  if systemctl is-active --quiet yingke.service; then
    say "the service is running the previous binary; restart it with: systemctl restart yingke"
  else
    say "start it with: systemctl start yingke"
  fi
  say "on first start the one-time admin password is written to /var/lib/yingke/initial-admin-password.txt"
else
  say "systemd not used; start the server with: $opt_dir/yingke serve --config $etc_dir/yingke.toml --data $data_dir"
fi
say "done"
