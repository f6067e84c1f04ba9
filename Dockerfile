# The qp program in a container: `qp db migrate` (the migrator) and the other commands.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/QuasiProperty.Cli -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# Recurring jobs run in Asia/Shanghai; the zone data must be in the image.
RUN apt-get update && apt-get install -y --no-install-recommends tzdata && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
COPY rules /app/rules
COPY samples /app/samples
ENV QuasiProperty__Rules=/app/rules
USER app
ENTRYPOINT ["dotnet", "/app/qp.dll"]
CMD ["--help"]
