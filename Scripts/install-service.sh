#!/usr/bin/env bash
# Installs `nianbao serve` as a systemd service on the office LAN machine (Debian/Ubuntu), as its own user, with a data
# folder and an access token, restarted on failure, logging to the journal. Run as root from the project folder after
# `swift build -c release --static-swift-stdlib --product nianbao` (or pass the binary). Idempotent: running it again updates the binary and the unit, keeps the token.
# Usage: sudo Scripts/install-service.sh [--binary PATH] [--port 8080] [--token TOKEN] [--no-start]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=.build/release/nianbao
port=8080
token=""
start=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --token) token=$2; shift 2 ;;
    --no-start) start=no; shift ;;
    *) echo "用法：sudo Scripts/install-service.sh [--binary PATH] [--port 8080] [--token 口令] [--no-start]" >&2; exit 64 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "请用 sudo 运行（需要安装到 /usr/local/bin 并注册系统服务）" >&2; exit 1; }
[ -x "$binary" ] || { echo "找不到 $binary：请先 swift build -c release --static-swift-stdlib --product nianbao，或用 --binary 指定" >&2; exit 1; }
case "$port" in ''|*[!0-9]*) echo "--port 应为数字" >&2; exit 64 ;; esac

install -m 0755 "$binary" /usr/local/bin/nianbao
install -d -m 0755 /usr/local/share/doc/nianbao
install -m 0644 docs/deploy.md /usr/local/share/doc/nianbao/deploy.md
getent group nianbao >/dev/null || groupadd --system nianbao
id -u nianbao >/dev/null 2>&1 || useradd --system --gid nianbao --home-dir /var/lib/nianbao --shell /usr/sbin/nologin nianbao
install -d -m 0750 -o nianbao -g nianbao /var/lib/nianbao /var/lib/nianbao/tmp
install -d -m 0750 /etc/nianbao
env=/etc/nianbao/nianbao.env
if [ -z "$token" ] && [ -f "$env" ]; then token=$(sed -n 's/^NIANBAO_TOKEN=//p' "$env"); fi
if [ -z "$token" ]; then token=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | head -c 20); fi
umask 077
printf 'NIANBAO_PORT=%s\nNIANBAO_TOKEN=%s\n' "$port" "$token" > "$env"
chmod 0600 "$env"
install -m 0644 Scripts/service/nianbao.service /etc/systemd/system/nianbao.service
if command -v systemd-analyze >/dev/null 2>&1; then systemd-analyze verify /etc/systemd/system/nianbao.service; fi
if [ "$start" = yes ]; then
  systemctl daemon-reload
  systemctl enable nianbao.service
  systemctl restart nianbao.service
  sleep 1
  systemctl --no-pager --lines=5 status nianbao.service || true
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null && echo "服务已启动：http://$(hostname -I 2>/dev/null | awk '{print $1}'):$port/" || echo "服务尚未应答，请查看：journalctl -u nianbao" >&2
fi
echo "访问口令：$token（保存在 $env，只有 root 可读；在网页上输入即可）"
