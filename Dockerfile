# syntax=docker/dockerfile:1
# Multi-stage build of the portal. Written against the official .NET images' documentation
# (mcr.microsoft.com/dotnet/sdk and /aspnet, 10.0); no Docker engine runs where this project is built.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# The public registry serves .NET 10's own blazor.web.js package: use it (see Build/BlazorClientScript.targets).
ARG BLAZOR_SCRIPT_SOURCE=Package
COPY Directory.Build.props Directory.Packages.props ./
COPY src/MlConnector.Web/MlConnector.Web.csproj src/MlConnector.Web/
COPY src/MlConnector.Web/Build/ src/MlConnector.Web/Build/
RUN dotnet restore src/MlConnector.Web/MlConnector.Web.csproj -p:BlazorClientScriptSource=$BLAZOR_SCRIPT_SOURCE
COPY src/ src/
COPY migrations/ migrations/
COPY wwwroot-assets/ wwwroot-assets/
RUN dotnet publish src/MlConnector.Web/MlConnector.Web.csproj -c Release -o /app --no-restore \
      -p:BlazorClientScriptSource=$BLAZOR_SCRIPT_SOURCE

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# curl only for the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
# SQLite (the default) keeps its file in /data; with PostgreSQL set Database__Provider and
# Database__ConnectionString instead (see compose.yaml).
RUN mkdir /data && chown "$APP_UID" /data
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Database__DataFolder=/data
VOLUME /data
# APP_UID is the non-root "app" user the official images define.
USER $APP_UID
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS http://localhost:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "MlConnector.Web.dll"]
