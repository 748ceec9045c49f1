# The OrleansSelect image: the `orleansselect` command on .NET 10 over Ubuntu 24.04 (noble), whose
# libstdc++ is new enough for TorchSharp's native glue as it ships. Runs a silo by default.
#
#   docker build --build-arg DOTNET_REGISTRY=<host of Microsoft's container registry> -t orleansselect .
#
# DOTNET_REGISTRY is the registry serving Microsoft's dotnet/sdk and dotnet/aspnet images (or a
# mirror of them); see k8s/README.md.
ARG DOTNET_REGISTRY
FROM ${DOTNET_REGISTRY}/dotnet/sdk:10.0-noble AS build
WORKDIR /src
# Restore first, from the project files alone, so code changes reuse the package layer.
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY src/OrleansSelect.Abstractions/*.csproj src/OrleansSelect.Abstractions/
COPY src/OrleansSelect.Core/*.csproj src/OrleansSelect.Core/
COPY src/OrleansSelect.Models/*.csproj src/OrleansSelect.Models/
COPY src/OrleansSelect.Grains/*.csproj src/OrleansSelect.Grains/
COPY src/OrleansSelect.Silo/*.csproj src/OrleansSelect.Silo/
COPY src/OrleansSelect.Cli/*.csproj src/OrleansSelect.Cli/
RUN dotnet restore src/OrleansSelect.Cli/OrleansSelect.Cli.csproj
COPY src/ src/
RUN dotnet publish src/OrleansSelect.Cli/OrleansSelect.Cli.csproj -c Release --no-restore -o /app

# The ASP.NET Core runtime: the silo serves its web port (metrics, probes, dashboard, status page).
FROM ${DOTNET_REGISTRY}/dotnet/aspnet:10.0-noble
WORKDIR /app
COPY --from=build /app ./
# State, data and reports go to /data: mount a volume there (the silos share it, see k8s/). The
# folder belongs to the unprivileged user the command runs as (APP_UID, uid 1654 in Microsoft's
# .NET images; the manifests run pods as that uid with fsGroup 1654, so a fresh volume is writable).
ENV ORLEANSSELECT_HOME=/data \
    ORLEANSSELECT_DEVICE=cpu
RUN mkdir -p /data && chown "$APP_UID:$APP_UID" /data
VOLUME /data
USER $APP_UID
# Silo-to-silo traffic, client gateway, and the web port the manifests pass as --web-port.
EXPOSE 11111 30000 9464
ENTRYPOINT ["/app/orleansselect"]
CMD ["silo"]
