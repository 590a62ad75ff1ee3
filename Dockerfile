# Parley's container image, for the Helm chart (docs/kubernetes.md, "The image") or any container runtime:
#   docker build --build-arg PARLEY_BUILD_COMMIT=$(git rev-parse --short=12 HEAD) -t registry.example.com/parley:0.1.0 .
# The runtime stage has what the chart relies on: `parley` on PATH, the web app in /app/web/dist, /bin/sh for the
# wait-for-migrations loop, pg_dump/pg_restore and tar for backups, and user 10001 (the chart's runAsUser).

FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

FROM rust:1.95-bookworm AS server
ARG PARLEY_BUILD_COMMIT=""
ENV PARLEY_BUILD_COMMIT=${PARLEY_BUILD_COMMIT} CARGO_TARGET_DIR=/src/target
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p parley -p parley-install \
 && install -m 0755 target/release/parley target/release/parley-install /usr/local/bin/

FROM debian:bookworm-slim
# PostgreSQL's client tools must be of the server's major version or newer (docs/backup.md): bookworm's are 15;
# for a newer server, add the PostgreSQL project's apt repository (apt.postgresql.org) and its postgresql-client-NN.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates postgresql-client tar tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --create-home parley
COPY --from=server /usr/local/bin/parley /usr/local/bin/parley-install /usr/local/bin/
COPY --from=web /src/web/dist /app/web/dist
ENV PARLEY_WEB__DIST_DIR=/app/web/dist PARLEY_SERVER__HOST=0.0.0.0
USER 10001
WORKDIR /data
EXPOSE 8080
ENTRYPOINT ["parley"]
CMD ["serve"]
