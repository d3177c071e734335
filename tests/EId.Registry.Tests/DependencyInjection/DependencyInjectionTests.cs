using EId.Registry.Channel;
using EId.Registry.Remote;
using EId.Registry.Seeding;
using EId.Registry.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static EId.Registry.Tests.Support.TestToken;

namespace EId.Registry.Tests.DependencyInjection;

public sealed class DependencyInjectionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static async Task<ServiceProvider> BuildAsync(Action<RegistryOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddEIdRegistry(configure);
        var provider = services.BuildServiceProvider(validateScopes: true);
        await provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(Ct);
        return provider;
    }

    [Fact]
    public async Task Default_is_the_embedded_sqlite_registry_with_its_admin_surface()
    {
        using var provider = await BuildAsync(o => o.Storage.SqlitePath = _dir.File("registry.db"));
        var registry = provider.GetRequiredService<IIdentityRegistry>();
        Assert.IsType<SqliteIdentityRegistry>(registry);
        Assert.Same(registry, provider.GetRequiredService<IIdentityRegistryAdmin>());
        await provider.GetRequiredService<IIdentityRegistryAdmin>().UpsertCitizensAsync([Citizens.Zhang()], Ct);
        Assert.True((await registry.LookupAsync(Citizens.ZhangId, Ct)).IsSuccess);
        Assert.True(File.Exists(_dir.File("registry.db")));
    }

    [Fact]
    public async Task Bad_remote_options_fail_on_start_naming_each_problem()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => BuildAsync(o =>
        {
            o.Remote.Enabled = true;
            o.Remote.BaseAddress = new Uri("/relative", UriKind.Relative);
            o.Remote.ServerPublicKey = Convert.ToBase64String(new byte[31]);
            o.Remote.ClientPrivateKey = "not base64!";
        }));
        Assert.Equal(3, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.Contains("ServerPublicKey", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("ClientPrivateKey", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Server_needs_its_keys_the_clients_it_pins_and_a_local_store()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => BuildAsync(o =>
        {
            o.Remote.Enabled = true;
            o.Remote.BaseAddress = new Uri("http://127.0.0.1:1/");
            o.Server.Enabled = true;
            o.Storage.SqlitePath = " ";
        }));
        Assert.Contains(ex.Failures, f => f.Contains("ClientPublicKeys", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("ServerPrivateKey", StringComparison.Ordinal));
        // Remote mode serving the registry serves its SQLite store, so a blanked store path is refused.
        Assert.Contains(ex.Failures, f => f.Contains("Storage.SqlitePath", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Issuer_and_registry_hosts_wired_by_di_talk_over_the_sealed_channel()
    {
        using var clientKey = ChannelKeyPair.Generate();
        using var serverKey = ChannelKeyPair.Generate();
        File.WriteAllText(_dir.File("server.key"), serverKey.ExportPrivateKeyBase64());
        File.WriteAllText(_dir.File("seed.json"), $$"""{ "citizens": [ { "idNumber": "{{Citizens.ZhangId}}", "fullName": "{{Citizens.ZhangName}}" } ] }""");

        using var registryHost = await BuildAsync(o =>
        {
            o.Storage.SqlitePath = _dir.File("registry.db");
            o.Server.Enabled = true;
            o.Server.ServerPrivateKeyFile = _dir.File("server.key");
            o.Server.ClientPublicKeys.Add(clientKey.PublicKeyBase64);
        });
        Assert.Equal(1, (await registryHost.GetRequiredService<IIdentityRegistryAdmin>().SeedAsync(_dir.File("seed.json"), Ct)).GetValueOrThrow());
        await using var http = await SealedRegistryHost.StartAsync(registryHost.GetRequiredService<SealedRegistryServer>());

        using var issuerHost = await BuildAsync(o =>
        {
            o.Remote.Enabled = true;
            o.Remote.BaseAddress = http.Address;
            o.Remote.ClientPrivateKey = clientKey.ExportPrivateKeyBase64();
            o.Remote.ServerPublicKey = serverKey.PublicKeyBase64;
        });
        var registry = issuerHost.GetRequiredService<IIdentityRegistry>();
        Assert.IsType<SealedRegistryClient>(registry);
        Assert.Equal(Citizens.ZhangName, (await registry.LookupAsync(Citizens.ZhangId, Ct)).GetValueOrThrow().FullName);
        (await registry.RecordIssuanceAsync(Citizens.Issuance("d1"), Ct)).GetValueOrThrow();
        Assert.Single(await registryHost.GetRequiredService<IIdentityRegistryAdmin>().GetIssuancesAsync(Citizens.ZhangId, Ct));
    }

    [Fact]
    public async Task One_host_can_serve_its_sqlite_registry_and_reach_it_over_the_sealed_channel()
    {
        using var clientKey = ChannelKeyPair.Generate();
        using var serverKey = ChannelKeyPair.Generate();
        File.WriteAllText(_dir.File("seed.json"), $$"""{ "citizens": [ { "idNumber": "{{Citizens.ZhangId}}", "fullName": "{{Citizens.ZhangName}}" } ] }""");

        // The HTTP front is up before the host's services exist (its address goes into them), so it resolves the server lazily.
        ServiceProvider? host = null;
        await using var http = await SealedRegistryHost.StartAsync(app => app.MapPost("/registry", async context =>
        {
            var server = host!.GetRequiredService<SealedRegistryServer>();
            var body = await SealedRegistryHost.ReadBodyAsync(context.Request, server.MaxRequestBytes);
            var reply = await server.HandleAsync(body!, SealedRegistryServer.Route(context.Request.Method, context.Request.Path), context.RequestAborted);
            context.Response.StatusCode = reply.StatusCode;
            await context.Response.Body.WriteAsync(reply.Body, context.RequestAborted);
        }));
        using (host = await BuildAsync(o =>
        {
            o.Remote.Enabled = true;
            o.Storage.SqlitePath = _dir.File("both.db");
            o.Remote.BaseAddress = http.Address;
            o.Remote.ClientPrivateKey = clientKey.ExportPrivateKeyBase64();
            o.Remote.ServerPublicKey = serverKey.PublicKeyBase64;
            o.Server.Enabled = true;
            o.Server.ServerPrivateKey = serverKey.ExportPrivateKeyBase64();
            o.Server.ClientPublicKeys.Add(clientKey.PublicKeyBase64);
        }))
        {
            // The admin surface and the served store are the local SQLite registry; the issuer-side interface is the client.
            var admin = host.GetRequiredService<IIdentityRegistryAdmin>();
            Assert.IsType<SqliteIdentityRegistry>(admin);
            Assert.Equal(1, (await admin.SeedAsync(_dir.File("seed.json"), Ct)).GetValueOrThrow());
            var registry = host.GetRequiredService<IIdentityRegistry>();
            Assert.IsType<SealedRegistryClient>(registry);
            Assert.Equal(Citizens.ZhangName, (await registry.LookupAsync(Citizens.ZhangId, Ct)).GetValueOrThrow().FullName);
        }
    }

    [Fact]
    public void Worst_case_duration_covers_every_attempt_and_backoff()
    {
        var options = new SealedRegistryClientOptions { AttemptTimeout = TimeSpan.FromSeconds(1), MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(100) };
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.MaxRetryDelay);
        Assert.Equal(TimeSpan.FromMilliseconds(3400), options.WorstCaseDuration);
    }
}
