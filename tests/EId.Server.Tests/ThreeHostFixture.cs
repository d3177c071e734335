using EId.Demo;
using EId.IdentityServer;
using EId.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace EId.Server.Tests;

/// <summary>
/// The courier flow's three hosts on loopback ports over one fresh demo work folder: the postal server (EId.Server, which
/// also hosts the registry's sealed channel), the identity server (EId.IdentityServer, verdicts to the postal server), and the
/// handheld in the tests. Passive liveness only (the test frames are still photos). Both hosts' logs are captured.
/// </summary>
public sealed class ThreeHostFixture : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "eid-3hosts-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public DemoWorkspace Workspace { get; private set; } = null!;

    public DemoKeys Keys { get; private set; } = null!;

    public WebApplication Postal { get; private set; } = null!;

    public Uri PostalAddress { get; private set; } = null!;

    public WebApplication Identity { get; private set; } = null!;

    public Uri IdentityAddress { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    public async ValueTask InitializeAsync()
    {
        Workspace = new DemoWorkspace(_folder);
        Workspace.CopySamplesFrom(Path.Combine(SharedData.RepoRoot, ".cache", "face-api"));
        Keys = DemoKeys.LoadOrCreate(Workspace.KeysFolder);

        PostalAddress = new Uri($"http://127.0.0.1:{ServerFixture.FreePort()}/");
        Postal = await ServerApp.CreateAsync(
            ["--urls", PostalAddress.AbsoluteUri.TrimEnd('/'), $"--EId:Server:WorkFolder={_folder}", "--EId:Server:ActiveLiveness=false"], Capture);
        await Postal.StartAsync();

        IdentityAddress = new Uri($"http://127.0.0.1:{ServerFixture.FreePort()}/");
        Identity = await IdentityServerApp.CreateAsync(
        [
            "--urls", IdentityAddress.AbsoluteUri.TrimEnd('/'), $"--EId:IdentityServer:WorkFolder={_folder}",
            $"--EId:IdentityServer:PostalServerUrl={PostalAddress}", "--EId:IdentityServer:ActiveLiveness=false",
        ], Capture);
        await Identity.StartAsync();
    }

    private void Capture(WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Debug);
    }

    public async ValueTask DisposeAsync()
    {
        await Identity.DisposeAsync();
        await Postal.DisposeAsync();
        Keys.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite file still closing; the temp folder is left for the OS to clean.
        }
    }
}
