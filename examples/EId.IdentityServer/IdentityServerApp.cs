using EId.Demo;
using EId.Hosting;
using EId.Postal;
using EId.Postal.Courier;
using EId.Postal.Verdicts;
using EId.Registry;
using EId.Risk;
using Microsoft.Extensions.Options;

namespace EId.IdentityServer;

/// <summary>
/// Builds the identity server of the three-host courier flow (S1 → S2): handhelds POST their device-signed request
/// (<c>/identity/v1/intake</c>: card or e-ID QR, live frames, parcel) and ask for active challenges (<c>/postal/v1/challenge</c>);
/// the security gateway authenticates the handheld, the sender check runs (document, registry over the sealed channel,
/// liveness, face), the verdict is signed and sent with the parcel to the postal server (<c>/postal/v1/verdict</c>), whose
/// answer with the signed ledger receipt (S4) goes back to the handheld unchanged.
/// </summary>
public static class IdentityServerApp
{
    /// <summary>The default listening URL (loopback only).</summary>
    public const string DefaultUrl = "http://127.0.0.1:5090";

    /// <summary>Builds the app over the demo work folder; the postal server (<c>EId.Server</c>) must have prepared it.</summary>
    /// <param name="args">Command-line arguments (e.g. <c>--EId:IdentityServer:PostalServerUrl=http://127.0.0.1:5080</c>).</param>
    /// <param name="configure">Further configuration of the builder (tests).</param>
    /// <returns>The app, not yet started.</returns>
    /// <exception cref="InvalidOperationException">The work folder holds no demo data yet.</exception>
    public static async Task<WebApplication> CreateAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        var config = builder.Configuration;
        var settings = config.GetSection(IdentityServerOptions.Section).Get<IdentityServerOptions>() ?? new IdentityServerOptions();
        builder.WebHost.UseUrls((config["urls"] ?? DefaultUrl).Split(';')[0]);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("System.Net.Http", LogLevel.Warning);

        var workspace = new DemoWorkspace(Path.GetFullPath(settings.WorkFolder ?? DemoWorkspace.DefaultFolder));
        if (!workspace.HasData)
        {
            throw new InvalidOperationException($"No demo data in {workspace.Folder}: start the postal server (bash eng/serve.sh) on the same work folder first.");
        }

        var keys = DemoKeys.LoadOrCreate(workspace.KeysFolder);
        var services = builder.Services;
        services.AddSingleton(keys);
        services.AddSingleton<IValidateOptions<IdentityServerOptions>, IdentityServerOptionsValidator>();
        services.AddOptions<IdentityServerOptions>().Bind(config.GetSection(IdentityServerOptions.Section)).ValidateOnStart();

        // The identity check of the single server, with the registry reached over the sealed channel at the registry host.
        var liveness = settings.ActiveLiveness ? DemoLiveness.ActiveAndPassive : settings.PassiveLiveness ? DemoLiveness.PassiveOnly : DemoLiveness.None;
        workspace.AddIssuer(services, keys, liveness, settings.RegistryUrl ?? settings.PostalServerUrl);
        workspace.AddPostal(services, keys);
        services.Configure<RiskOptions>(config.GetSection("EId:Risk"));
        services.Configure<RegistryOptions>(config.GetSection("EId:Registry"));
        services.Configure<PostalOptions>(config.GetSection("EId:Postal"));
        services.AddEIdVerdictSigning(o =>
        {
            o.KeyId = VerdictKeyFile.DemoKeyId;
            o.SigningKey = VerdictKeyFile.LoadOrCreate(workspace.KeysFolder);
        });
        services.Configure<VerdictOptions>(config.GetSection(VerdictOptions.Section));

        services.AddSingleton<IVerdictChannel>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<IdentityServerOptions>>().Value;
            return new HttpVerdictChannel(new HttpClient { BaseAddress = new Uri(o.PostalServerUrl.AbsoluteUri.TrimEnd('/') + "/"), Timeout = o.PostalTimeout });
        });
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<IdentityServerOptions>>().Value;
            var relay = new VerdictRelay(sp.GetRequiredService<VerdictIssuer>(), sp.GetRequiredService<IVerdictChannel>());
            return new IntakeEndpoint(sp.GetRequiredService<ISecurityGateway>(), relay, o.ParcelAction, o.RequireSignedRequests, o.MaxRequestBytes, sp.GetService<ILogger<IntakeEndpoint>>());
        });
        services.AddHealthChecks().AddEIdRisk().AddEIdBiometrics();

        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EId.IdentityServer");
        if (await workspace.PrepareAsync(app.Services, keys, regenerate: false, m => log.LogInformation("{Message}", m)) is { } problem)
        {
            throw new InvalidOperationException("The demo work folder could not be prepared: " + problem);
        }

        Map(app);
        return app;
    }

    private static void Map(WebApplication app)
    {
        app.MapHealthChecks("/health");
        app.MapEIdChallenge("/" + PostalJson.ChallengePath, sp => Settings(sp).ParcelAction, sp => Settings(sp).ActiveLiveness);
        app.MapEIdIntake("/" + PostalJson.IdentityCheckPath);
    }

    private static IdentityServerOptions Settings(IServiceProvider services) => services.GetRequiredService<IOptions<IdentityServerOptions>>().Value;
}
