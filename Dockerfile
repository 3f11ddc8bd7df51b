# Switchyard in a container: built in one stage, run in a slim one as its own unprivileged user,
# with its data in a volume. docs/operations.md shows it with PostgreSQL (compose.yaml).
#   docker build --build-arg SWITCHYARD_BUILD_COMMIT=$(git rev-parse --short=12 HEAD) -t switchyard .
#   docker run -p 8080:8080 -v switchyard:/var/lib/switchyard switchyard serve --demo

FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
# The commit `switchyard --version` names (the build context holds no repository).
ARG SWITCHYARD_BUILD_COMMIT=unknown
ENV SWITCHYARD_BUILD_COMMIT=${SWITCHYARD_BUILD_COMMIT}
RUN cargo build --release --locked -p switchyard && strip target/release/switchyard

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /var/lib/switchyard --shell /usr/sbin/nologin switchyard \
    && install -d -o switchyard -g switchyard -m 0750 /var/lib/switchyard
COPY --from=build /src/target/release/switchyard /usr/bin/switchyard
USER switchyard
WORKDIR /var/lib/switchyard
ENV SWITCHYARD_DATA=/var/lib/switchyard \
    SWITCHYARD_LISTEN=0.0.0.0:8080 \
    SWITCHYARD_LOG_FORMAT=json \
    NO_COLOR=1
EXPOSE 8080
VOLUME ["/var/lib/switchyard"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["/usr/bin/switchyard"]
CMD ["serve"]
