# syntax=docker/dockerfile:1
# Yingke (迎客) container image: one self-contained executable on a slim Debian base.
#
#   docker build -t yingke .
#   docker run -d --name yingke -p 8080:8080 -v yingke-data:/data yingke
#   docker exec yingke cat /data/initial-admin-password.txt      # first sign-in
#
# Configure with YINGKE_<SECTION>_<KEY> variables (e.g. -e YINGKE_SERVER_TRUSTED_PROXIES=10.0.0.0/8)
# or mount a file and point YINGKE_CONFIG at it (-v ./yingke.toml:/etc/yingke/yingke.toml:ro
# -e YINGKE_CONFIG=/etc/yingke/yingke.toml). Other commands run through the same entry point:
#   docker exec yingke /app/yingke doctor --data /data
#   docker exec yingke /app/yingke backup /data/backups/manual.db --data /data

# ---- build: Node + npm install the locked dependencies (Bun comes from the npm `bun` package),
# then `npm run build` compiles build/yingke with the front-end assets and migrations embedded.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && ./build/yingke version

# ---- runtime: glibc and the binary, nothing else (no Node, no Bun, no node_modules).
FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --user-group --no-create-home --home-dir /data --shell /usr/sbin/nologin yingke \
 && install -d -m 0700 -o yingke -g yingke /data
COPY --from=build --chown=root:root --chmod=0755 /src/build/yingke /app/yingke
USER yingke
WORKDIR /data
VOLUME /data
EXPOSE 8080
STOPSIGNAL SIGTERM
# No curl in the slim image: bash's /dev/tcp asks /healthz and looks for "status":"ok".
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${YINGKE_SERVER_PORT:-8080} && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"status\":\"ok\"' <&3"]
ENTRYPOINT ["/app/yingke"]
CMD ["serve", "--data", "/data", "--host", "0.0.0.0"]
