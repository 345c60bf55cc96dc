# syntax=docker/dockerfile:1
# SensorWatch worker image: multi-stage build, framework-dependent publish for the target architecture,
# small non-root ASP.NET runtime (Debian, glibc) that librdkafka's native build loads in.
#   docker build -t sensorwatch:dev .                                  # host architecture
#   docker buildx build --platform linux/amd64,linux/arm64 -t sensorwatch:0.1.0 .
ARG DOTNET_VERSION=10.0

# ---- build: restore from the project files only (cached until a csproj/props changes), then publish ----
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG TARGETARCH
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props SensorWatch.sln .editorconfig ./
COPY src/SensorWatch.Core/SensorWatch.Core.csproj src/SensorWatch.Core/
COPY src/SensorWatch/SensorWatch.csproj src/SensorWatch/
RUN case "${TARGETARCH:-amd64}" in \
      amd64) echo linux-x64 > /tmp/rid ;; \
      arm64) echo linux-arm64 > /tmp/rid ;; \
      *) echo "unsupported TARGETARCH '${TARGETARCH}' (amd64 or arm64)" >&2; exit 1 ;; \
    esac \
 && dotnet restore src/SensorWatch/SensorWatch.csproj --runtime "$(cat /tmp/rid)"
COPY src/ src/
RUN dotnet publish src/SensorWatch/SensorWatch.csproj --configuration Release --runtime "$(cat /tmp/rid)" \
      --self-contained false --no-restore --output /app \
 && rm -rf /app/runtimes/win-* /app/runtimes/osx-* /app/runtimes/linux-s390x

# ---- runtime: aspnet (Kestrel for /metrics, /alive, /health), non-root, read-only root filesystem friendly ----
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
# librdkafka.so (the default native build) links libsasl2 for SASL/GSSAPI; everything else it needs is glibc.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libsasl2-2 \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data/models \
 && chown -R 1654:1654 /data
WORKDIR /app
COPY --from=build /app ./
# Writable paths: /data (model store, a volume) and /tmp (an emptyDir in Kubernetes); the rest may be read-only.
# MALLOC_ARENA_MAX=2: glibc's per-thread malloc arenas made native memory creep ~0.5 MiB/min (docs/worker.md "Memory");
# it must be set in the environment (the runtime fixes glibc's arena limit before Main runs).
ENV DOTNET_gcServer=0 \
    MALLOC_ARENA_MAX=2 \
    DOTNET_EnableDiagnostics=0 \
    TMPDIR=/tmp \
    SENSORWATCH__TELEMETRY__BINDADDRESS=0.0.0.0 \
    SENSORWATCH__TELEMETRY__PORT=9464 \
    SENSORWATCH__TELEMETRY__LOGFORMAT=json
VOLUME ["/data"]
EXPOSE 9464
# The image's built-in non-root user "app" (uid 1654), numeric so runAsNonRoot can verify it.
USER 1654:1654
ENTRYPOINT ["/app/sensorwatch"]
CMD ["run"]
