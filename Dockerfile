# syntax=docker/dockerfile:1
# The furstore image: one static binary on distroless, run as a non-root user.
#   docker build -t furstore --build-arg VERSION=$(git describe --tags --always) .
#   docker run --env-file .env -p 8000:8000 -v furstore-media:/var/lib/furstore/media furstore
# compose.yaml runs it with PostgreSQL, PgBouncer, Mailpit and nginx; deploy/README.md explains the rest.

# Build: scripts/build-static.sh is the one way the binary is built (CGO_ENABLED=0, -trimpath, the version
# stamped with -ldflags); cmd/furstore's TestStaticBinaryAsTheContainerRunsIt builds and starts the same thing.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=devel
RUN VERSION="$VERSION" sh scripts/build-static.sh /out/furstore \
 && mkdir -p /out/media

# Run: distroless/static has no shell, no package manager and no libc — the binary needs none of them — but
# does have CA certificates (SMTP over TLS, ЮKassa's https API), tzdata and /etc/passwd with the user
# nonroot (uid 65532).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/furstore /usr/local/bin/furstore
# The pictures folder (MEDIA_DIR), owned by the user the server runs as, so a fresh named volume mounted here
# inherits that owner. With several servers on several machines use MEDIA_STORE (S3) instead of a volume.
COPY --from=build --chown=65532:65532 /out/media /var/lib/furstore/media
VOLUME /var/lib/furstore/media
# Migrations are embedded in the binary (migrations/embed.go): `furstore migrate up` needs no files beside it.
# It runs as a one-shot container before the servers (compose.yaml's migrate service); `serve` does not migrate.
ENV HOST=0.0.0.0 \
    PORT=8000 \
    MEDIA_DIR=/var/lib/furstore/media
USER nonroot:nonroot
WORKDIR /home/nonroot
EXPOSE 8000
# No HEALTHCHECK: distroless has no shell or curl to run one, and we do not ship a probe command inside the
# server for it. Whoever routes traffic checks over HTTP instead — GET /healthz (the process is up) and
# GET /readyz (PostgreSQL answers) — e.g. a Kubernetes httpGet probe, a load balancer's check, or nginx's
# passive checks (max_fails) as in deploy/compose/nginx.conf.
ENTRYPOINT ["/usr/local/bin/furstore"]
CMD ["serve"]
