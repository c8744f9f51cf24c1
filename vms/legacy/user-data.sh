#!/bin/bash
# The legacy vm's user data: a tiny HTTP server on port 8080 answering the health check
# (/health) and every other path with 200. Runs as a systemd unit so it survives reboots.
set -euo pipefail
mkdir -p /opt/legacy/www
echo "ok" > /opt/legacy/www/health
echo "legacy vm" > /opt/legacy/www/index.html
cat > /etc/systemd/system/legacy-http.service <<'UNIT'
[Unit]
Description=Legacy HTTP server
After=network-online.target

[Service]
WorkingDirectory=/opt/legacy/www
ExecStart=/usr/bin/python3 -m http.server 8080 --bind 0.0.0.0
Restart=always
User=nobody

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now legacy-http.service
