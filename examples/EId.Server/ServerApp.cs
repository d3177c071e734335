using EId.Credentials;
using EId.Demo;
using EId.Hosting;
using EId.Issuance;
using EId.Issuance.Issuing;
using EId.Issuance.Remote;
using EId.Postal;
using EId.Postal.Courier;
using EId.Postal.Verdicts;
using EId.Registry;
using EId.Registry.Storage;
using EId.Risk;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace EId.Server;

/// <summary>
/// Builds the example server: the front system (<c>POST /v1/eid/issue</c>: security gateway + issuer), the postal
/// server with the identity server's check in-process (<c>POST /postal/v1/intake</c>) and the postal server's verdict intake for a
/// separate identity server (<c>POST /postal/v1/verdict</c>, see <c>examples/EId.IdentityServer</c>), the registry host
/// (<c>POST /registry</c>, sealed channel), the trust list (<c>GET /v1/eid/trust</c>) and <c>GET /health</c>. The issuer
/// and the identity check reach the registry over the sealed channel, by default through this server's own registry
/// endpoint, exactly as they would reach a separate registry host.
/// </summary>
public static class ServerApp
{
    /// <summary>The default listening URL (loopback only).</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Builds the app and prepares the demo work folder (keys, devices, citizens) before it listens.</summary>
    /// <param name="args">Command-line arguments (configuration overrides, e.g. <c>--EId:Server:WorkFolder=/tmp/w</c>).</param>
    /// <param name="configure">Further configuration of the builder (tests).</param>
    /// <returns>The app, not yet started.</returns>
    public static async Task<WebApplication> CreateAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json ships beside the app: read it from there whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        var config = builder.Configuration;
        var settings = config.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        var url = (config["urls"] ?? DefaultUrl).Split(';')[0];
        builder.WebHost.UseUrls(url);

        var workspace = new DemoWorkspace(Path.GetFullPath(settings.WorkFolder ?? DemoWorkspace.DefaultFolder));
        Directory.CreateDirectory(workspace.Folder);
        var keys = DemoKeys.LoadOrCreate(workspace.KeysFolder);
        var services = builder.Services;
        services.AddSingleton(keys);
        services.AddSingleton(workspace);
        services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        services.AddOptions<ServerOptions>().Bind(config.GetSection(ServerOptions.Section)).ValidateOnStart();

        // Demo defaults first; the configuration sections below override them (later configuration wins).
        // With the active challenge every capture must answer a challenge this server issued (redeemed once).
        var liveness = settings.ActiveLiveness ? DemoLiveness.ActiveAndPassive : settings.PassiveLiveness ? DemoLiveness.PassiveOnly : DemoLiveness.None;
        workspace.AddIssuer(services, keys, liveness, settings.RegistryUrl ?? new Uri(url.TrimEnd('/') + "/"));

        workspace.AddPostal(services, keys);
        // The regulator API and console (EId:Regulator); without a configured identity provider the demo signs officers' tokens itself.
        services.AddEIdRegulatorApi(config.GetSection(EId.Postal.AspNetCore.RegulatorApi.RegulatorApiOptions.Section), o => o.DevelopmentTokenFolder ??= o.Authority is null && o.MetadataAddress is null && o.SigningKeyFiles.Count == 0 ? Path.Combine(workspace.Folder, "regulator") : null);
        if (settings.AnalyticsFacts is { } facts)
        {
            // Statistics for the administration from the Parquet export (EId.Postal.Analytics) instead of the ledger.
            services.AddEIdPostalAnalytics(o =>
            {
                o.FactsDirectory = Path.GetFullPath(facts);
                o.ExportTokenKey = ExportTokenKey(workspace);
            });
        }

        AddSharedStorage(services, config.GetSection(SharedStorageSection));
        services.Configure<RiskOptions>(config.GetSection("EId:Risk"));
        services.Configure<RegistryOptions>(config.GetSection("EId:Registry"));
        services.Configure<CredentialsOptions>(config.GetSection("EId:Credentials"));
        services.Configure<IssuerOptions>(config.GetSection("EId:Issuance"));
        services.Configure<PostalOptions>(config.GetSection("EId:Postal"));
        services.AddSingleton(ParcelIntakeEndpoint);

        // Signed verdicts from identity servers: trusted keys from EId:Verdicts:TrustedKeys, plus (demo) the work folder's
        // identity-server key unless EId:Verdicts:TrustDemoKey=false; verdict ids are remembered in the risk replay cache.
        services.AddSingleton<IVerdictReplayGuard, ReplayCacheVerdictGuard>();
        services.AddEIdVerdictIntake(o =>
        {
            if (config.GetValue("EId:Verdicts:TrustDemoKey", true))
            {
                o.TrustedKeys[VerdictKeyFile.DemoKeyId] = VerdictKeyFile.PublicKeyOf(workspace.KeysFolder);
            }
        });
        services.Configure<VerdictOptions>(config.GetSection(VerdictOptions.Section));

        services.AddSingleton<ServerMetrics>();
        services.AddHealthChecks().AddCheck<RegistryHealthCheck>("registry").AddEIdRegistry().AddEIdRisk().AddEIdPostal().AddEIdBiometrics();
        var metrics = services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(ServerMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"));
        if (!string.IsNullOrEmpty(config["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // Export only when a collector is configured: nothing is sent anywhere by default.
            metrics.UseOtlpExporter();
        }

        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EId.Server");
        var problem = await workspace.PrepareAsync(app.Services, keys, regenerate: false, m => log.LogInformation("{Message}", m));
        if (problem is not null)
        {
            throw new InvalidOperationException("The demo work folder could not be prepared: " + problem);
        }

        Map(app);
        return app;
    }

    /// <summary>
    /// The configuration section that moves every package's state at once (<c>EId:Storage:Backend</c>,
    /// <c>EId:Storage:PostgresConnectionString</c>): risk store, devices, nonces and velocity counts, the registry and its
    /// channel's message ids, the issuance journal and the parcel ledger. N instances started with the same PostgreSQL
    /// connection string behave as one. Each package keeps its own schema; a package's own section still wins.
    /// </summary>
    public const string SharedStorageSection = "EId:Storage";

    private static void AddSharedStorage(IServiceCollection services, IConfigurationSection shared)
    {
        if (!shared.Exists())
        {
            return;
        }

        // The schema stays the package's: two packages in one schema would share table names (schema_version).
        void Bind(EId.Storage.StorageOptions storage)
        {
            var schema = storage.PostgresSchema;
            shared.Bind(storage);
            storage.PostgresSchema = schema;
        }

        services.Configure<RiskOptions>(o => Bind(o.Storage));
        services.Configure<RegistryOptions>(o => Bind(o.Storage));
        services.Configure<IssuerOptions>(o => Bind(o.Journal));
        services.Configure<PostalOptions>(o => Bind(o.Storage));
    }

    private static void Map(WebApplication app)
    {
        app.MapHealthChecks("/health");
        app.MapEIdRegulatorApi();

        app.MapGet("/v1/eid/trust", (DemoKeys keys) => Results.Text(File.ReadAllText(keys.TrustListPath), "application/json"));
        app.MapEIdIssuance((http, status, elapsed) => Metrics(http).Issuance(status, elapsed));

        // Active challenges: kiosks ask for issuance, handhelds for parcel intake (the gateway checks the capability).
        app.MapEIdChallenge(IssuanceEndpoint.ChallengePath, _ => DemoKeys.IssueCapability, ActiveLiveness);
        app.MapEIdChallenge("/" + PostalJson.ChallengePath, sp => Settings(sp).ParcelAction, ActiveLiveness);
        app.MapEIdRegistry();

        // Postal server: a handheld's parcel with the identity check in process (single-server mode), and the identity
        // server's signed verdicts (three-host mode, S2).
        app.MapEIdIntake("/" + PostalJson.IntakePath, (http, answer) => Metrics(http).Parcel(answer.Outcome));
        app.MapEIdVerdictIntake((http, answer) => Metrics(http).Parcel("verdict_" + answer.Outcome));
    }

    // The demo's export token key: random once per work folder, so exports of one folder group a sender's parcels alike.
    private static byte[] ExportTokenKey(DemoWorkspace workspace)
    {
        var path = Path.Combine(workspace.KeysFolder, "analytics-export-token.key");
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return File.ReadAllBytes(path);
    }

    private static ServerMetrics Metrics(HttpContext http) => http.RequestServices.GetRequiredService<ServerMetrics>();

    private static ServerOptions Settings(IServiceProvider services) => services.GetRequiredService<IOptions<ServerOptions>>().Value;

    private static bool ActiveLiveness(IServiceProvider services) => Settings(services).ActiveLiveness;

    // The single-server intake: the handheld's security sequence in front of the in-process identity check and ledger.
    private static IntakeEndpoint ParcelIntakeEndpoint(IServiceProvider services)
    {
        var settings = Settings(services);
        return new IntakeEndpoint(
            services.GetRequiredService<ISecurityGateway>(),
            new InProcessIntakeChannel(services.GetRequiredService<ParcelIntake>()),
            settings.ParcelAction,
            settings.RequireSignedParcels,
            settings.MaxParcelRequestBytes,
            services.GetService<ILogger<IntakeEndpoint>>());
    }

    /// <summary>Healthy when the registry store answers (a lookup of a well-formed number that is not on file).</summary>
    private sealed class RegistryHealthCheck(IIdentityRegistryAdmin registry) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var probe = await ((IIdentityRegistry)registry).LookupAsync("11010519491231002X", cancellationToken);
            return probe.IsSuccess || probe.Error.Reason == RegistryError.NotFound
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"registry store: {probe.Error.Reason}");
        }
    }
}
