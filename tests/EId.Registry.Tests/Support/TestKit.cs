using System.Net;
using EId.Documents;
using EId.Registry;
using EId.Registry.Channel;
using EId.Registry.Remote;
using EId.Registry.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EId.Registry.Tests.Support;

/// <summary>A temporary folder deleted after the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "eid-registry-tests", Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class Citizens
{
    // A real-looking GB 11643 number and a Chinese name, so the wire checks look for UTF-8 and UTF-16 forms of both.
    public const string ZhangId = "110101199003074518";
    public const string ZhangName = "张三丰";
    public const string LiId = "44030519851212002X";

    public static readonly byte[] JpegPortrait = [0xFF, 0xD8, 0xFF, 0xE0, .. "portrait-bytes-of-zhang"u8, 0xFF, 0xD9];

    public static CitizenRecord Zhang(CitizenStatus status = CitizenStatus.Valid) => new()
    {
        IdNumber = ZhangId,
        FullName = ZhangName,
        Gender = Gender.Male,
        BirthDate = new DateOnly(1990, 3, 7),
        Ethnicity = "汉",
        Address = "北京市东城区景山前街4号",
        Status = status,
        Portrait = new DocumentPortrait(JpegPortrait, ImageFormat.Jpeg),
    };

    public static CitizenRecord Li() => new() { IdNumber = LiId, FullName = "Li Si", Gender = Gender.Female };

    public static IssuanceRecord Issuance(string serial, string idNumber = ZhangId) =>
        new(idNumber, serial, "kiosk-07", new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero)) { RequestId = "req-" + serial };

    public static void AssertSame(CitizenRecord expected, CitizenRecord actual)
    {
        Assert.Equal(expected.IdNumber, actual.IdNumber);
        Assert.Equal(expected.FullName, actual.FullName);
        Assert.Equal(expected.Gender, actual.Gender);
        Assert.Equal(expected.BirthDate, actual.BirthDate);
        Assert.Equal(expected.Ethnicity, actual.Ethnicity);
        Assert.Equal(expected.Address, actual.Address);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Portrait?.Format, actual.Portrait?.Format);
        Assert.Equal(expected.Portrait?.Data.ToArray(), actual.Portrait?.Data.ToArray());
    }
}

/// <summary>A real Kestrel server on loopback port 0 serving <see cref="SealedRegistryServer"/> the way a registry host maps it.</summary>
internal sealed class SealedRegistryHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SealedRegistryHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static Task<SealedRegistryHost> StartAsync(SealedRegistryServer server, string path = "/registry") =>
        StartAsync(app => app.MapPost(path, async context =>
        {
            var body = await ReadBodyAsync(context.Request, server.MaxRequestBytes);
            var reply = body is null
                ? new SealedReply(413, ReadOnlyMemory<byte>.Empty)
                : await server.HandleAsync(body, SealedRegistryServer.Route(context.Request.Method, context.Request.PathBase + context.Request.Path), context.RequestAborted);
            context.Response.StatusCode = reply.StatusCode;
            context.Response.ContentType = SealedReply.ContentType;
            await context.Response.Body.WriteAsync(reply.Body, context.RequestAborted);
        }));

    public static async Task<SealedRegistryHost> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new SealedRegistryHost(app, new Uri(address + "/"));
    }

    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int max)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Both ends of a channel with fresh keys, the registry behind the server and the HTTP host.</summary>
internal sealed class ChannelRig : IAsyncDisposable
{
    private ChannelRig(ChannelKeyPair clientKey, ChannelKeyPair serverKey, InMemoryIdentityRegistry registry, ReplayGuard guard, SealedRegistryServer server, SealedRegistryHost host)
    {
        ClientKey = clientKey;
        ServerKey = serverKey;
        Registry = registry;
        Guard = guard;
        Server = server;
        Host = host;
    }

    public ChannelKeyPair ClientKey { get; }

    public ChannelKeyPair ServerKey { get; }

    public InMemoryIdentityRegistry Registry { get; }

    public ReplayGuard Guard { get; }

    public SealedRegistryServer Server { get; }

    public SealedRegistryHost Host { get; }

    public static async Task<ChannelRig> StartAsync(IIdentityRegistry? backing = null)
    {
        var clientKey = ChannelKeyPair.Generate();
        var serverKey = ChannelKeyPair.Generate();
        var registry = new InMemoryIdentityRegistry();
        await registry.UpsertCitizensAsync([Citizens.Zhang(), Citizens.Li()]);
        var guard = new ReplayGuard();
        var responder = new ChannelResponder(serverKey, [clientKey.PublicKey], guard, TimeSpan.FromMinutes(2));
        var server = new SealedRegistryServer(backing ?? registry, responder);
        var host = await SealedRegistryHost.StartAsync(server);
        return new ChannelRig(clientKey, serverKey, registry, guard, server, host);
    }

    public SealedRegistryClientOptions ClientOptions(Uri? address = null) => new()
    {
        BaseAddress = address ?? Host.Address,
        ServerPublicKey = ServerKey.PublicKeyBase64,
        AttemptTimeout = TimeSpan.FromSeconds(5),
        MaxRetries = 1,
        RetryDelay = TimeSpan.FromMilliseconds(20),
    };

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        ClientKey.Dispose();
        ServerKey.Dispose();
    }
}

/// <summary>The test's cancellation token, short.</summary>
internal static class TestToken
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;
}
