using System.Diagnostics;
using System.Text.Json;
using EId.Credentials;
using EId.Biometrics.Liveness;
using EId.Demo;
using EId.Faces;
using EId.Issuance.Issuing;
using EId.Issuance.Remote;
using EId.Postal;
using EId.Postal.Courier;
using EId.Registry;
using EId.Registry.Remote;
using EId.Registry.Storage;
using EId.Risk;
using EId.Risk.Requests;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace EId.Server;

/// <summary>
/// Builds the example server: the front system (<c>POST /v1/eid/issue</c>: security gateway + issuer), the postal
/// server with the identity server's check in-process (<c>POST /postal/v1/intake</c>), the registry host
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
        services.AddOptions<ServerOptions>().Bind(config.GetSection(ServerOptions.Section))
            .Validate(o => o.MaxParcelRequestBytes > 0, "MaxParcelRequestBytes must be positive.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ParcelAction), "ParcelAction is required.")
            .ValidateOnStart();

        // Demo defaults first; the configuration sections below override them (later configuration wins).
        // With the active challenge every capture must answer a challenge this server issued (redeemed once).
        var liveness = settings.ActiveLiveness ? DemoLiveness.ActiveAndPassive : settings.PassiveLiveness ? DemoLiveness.PassiveOnly : DemoLiveness.None;
        workspace.AddIssuer(services, keys, liveness, settings.RegistryUrl ?? new Uri(url.TrimEnd('/') + "/"));

        workspace.AddPostal(services, keys);
        AddSharedStorage(services, config.GetSection(SharedStorageSection));
        services.Configure<RiskOptions>(config.GetSection("EId:Risk"));
        services.Configure<RegistryOptions>(config.GetSection("EId:Registry"));
        services.Configure<CredentialsOptions>(config.GetSection("EId:Credentials"));
        services.Configure<IssuerOptions>(config.GetSection("EId:Issuance"));
        services.Configure<PostalOptions>(config.GetSection("EId:Postal"));

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

        app.MapGet("/v1/eid/trust", (DemoKeys keys) => Results.Text(File.ReadAllText(keys.TrustListPath), "application/json"));

        app.MapPost(IssuanceEndpoint.Path, async (HttpContext http, IssuanceEndpoint endpoint, ServerMetrics metrics) =>
        {
            var started = Stopwatch.GetTimestamp();
            var body = await ReadBodyAsync(http, endpoint.MaxRequestBytes);
            var (status, answer) = body is null ? endpoint.TooLarge() : await endpoint.HandleAsync(http.Request.ContentType, body, http.RequestAborted);
            metrics.Issuance(status, Stopwatch.GetElapsedTime(started));
            await WriteAsync(http, status, IssuanceJson.ContentType, answer);
        });

        // The active challenge: a device-signed request (the gateway authenticates the kiosk) gets the steps to perform;
        // the challenge is derived from the request's nonce, so it is unpredictable and single-use.
        // The active challenge: a device-signed request (the gateway authenticates the device for the action it asks the
        // challenge for) gets the steps to perform; the challenge is derived from the request's nonce, so it is
        // unpredictable and single-use. Kiosks ask for issuance, handhelds for parcel intake.
        app.MapPost(IssuanceEndpoint.ChallengePath, (HttpContext http, IOptions<ServerOptions> options, ISecurityGateway gateway, ActiveLivenessSession session) =>
            ChallengeAsync(http, options.Value, gateway, session, DemoKeys.IssueCapability));
        app.MapPost("/" + PostalJson.ChallengePath, (HttpContext http, IOptions<ServerOptions> options, ISecurityGateway gateway, ActiveLivenessSession session) =>
            ChallengeAsync(http, options.Value, gateway, session, options.Value.ParcelAction));

        app.MapPost("/registry", async (HttpContext http, SealedRegistryServer registry) =>
        {
            var body = await ReadBodyAsync(http, registry.MaxRequestBytes);
            if (body is null)
            {
                http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            var reply = await registry.HandleAsync(body, SealedRegistryServer.Route(http.Request.Method, http.Request.PathBase + http.Request.Path), http.RequestAborted);
            await WriteAsync(http, reply.StatusCode, SealedReply.ContentType, reply.Body);
        });

        app.MapPost("/" + PostalJson.IntakePath, async (HttpContext http, IOptions<ServerOptions> options, ISecurityGateway gateway, ParcelIntake intake, ServerMetrics metrics) =>
        {
            var settings = options.Value;
            var body = await ReadBodyAsync(http, settings.MaxParcelRequestBytes);
            if (body is null)
            {
                metrics.Parcel("too_large");
                return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }

            if (!IssuanceJson.IsJsonMediaType(http.Request.ContentType))
            {
                metrics.Parcel("unsupported_media_type");
                return Results.Problem("The intake request must be sent as application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType);
            }

            SenderCheckRequest? request;
            try
            {
                request = JsonSerializer.Deserialize<SenderCheckRequest>(body, PostalJson.Options);
            }
            catch (JsonException)
            {
                request = null;
            }

            string? device = null;
            if (settings.RequireSignedParcels)
            {
                var signed = SignedRequestHeaders.Parse(http.Request.Method, http.Request.PathBase + http.Request.Path, body, name => http.Request.Headers[name].FirstOrDefault());
                if (!signed.TryGetValue(out var signedRequest, out var headerError))
                {
                    metrics.Parcel("unsigned");
                    var code = headerError.Reason == SignedRequestHeaderError.MissingHeader ? "request.unsigned" : RiskReasonCode.RequestMalformed.Value;
                    return DeviceRejected(StatusCodes.Status401Unauthorized, request, [code]);
                }

                var assessment = await gateway.CheckAsync(new GatewayRequest(signedRequest, settings.ParcelAction), http.RequestAborted);
                if (!assessment.IsAllowed)
                {
                    metrics.Parcel("device_refused");
                    return DeviceRejected(StatusCodes.Status403Forbidden, request, [.. assessment.Reasons.Select(r => r.Code.Value)]);
                }

                device = signedRequest.DeviceId;
            }

            if (request is null)
            {
                metrics.Parcel("malformed");
                return Results.Problem("The body is not a well-formed intake request.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (device is not null && request.DeviceId != device)
            {
                // A handheld may only hand in parcels under its own device id.
                metrics.Parcel("device_mismatch");
                return DeviceRejected(StatusCodes.Status403Forbidden, request, ["request.device_mismatch"]);
            }

            var result = await intake.AcceptAsync(request, http.RequestAborted);
            metrics.Parcel(result.Status.ToString());
            return Results.Json(result, PostalJson.Options);
        });
    }

    private static IResult DeviceRejected(int status, SenderCheckRequest? request, IReadOnlyList<string> reasons) =>
        Results.Json(new IntakeResult { Status = IntakeStatus.DeviceRejected, WaybillNumber = request?.Parcel?.WaybillNumber ?? string.Empty, GatewayReasons = reasons }, PostalJson.Options, statusCode: status);

    private static async Task WriteAsync(HttpContext http, int status, string contentType, ReadOnlyMemory<byte> body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    // Reads the whole body up to a limit; null when it is larger (the caller answers 413).
    private static async Task<IResult> ChallengeAsync(HttpContext http, ServerOptions options, ISecurityGateway gateway, ActiveLivenessSession session, string action)
    {
        if (!options.ActiveLiveness)
        {
            return Results.Problem("The active challenge is not enabled on this server (EId:Server:ActiveLiveness).", statusCode: StatusCodes.Status404NotFound);
        }

        var body = await ReadBodyAsync(http, 4096);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var signed = SignedRequestHeaders.Parse(http.Request.Method, http.Request.PathBase + http.Request.Path, body, name => http.Request.Headers[name].FirstOrDefault());
        if (!signed.TryGetValue(out var request, out _))
        {
            return Results.Problem("A challenge is only issued for a request signed by an enrolled device.", statusCode: StatusCodes.Status401Unauthorized);
        }

        var assessment = await gateway.CheckAsync(new GatewayRequest(request, action), http.RequestAborted);
        if (!assessment.IsAllowed)
        {
            return Results.Problem(string.Join(", ", assessment.Reasons.Select(r => r.Code.Value)), statusCode: StatusCodes.Status403Forbidden);
        }

        // The gateway has just accepted this nonce as unused; its hash seeds the challenge.
        return Results.Json(await session.BeginAsync(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(request.Nonce)), http.RequestAborted), IssuanceJson.Options);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpContext http, int limit)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        if (http.Request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        try
        {
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
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
