using System.Net;
using System.Net.Sockets;
using EId.Demo;
using EId.Privacy;
using EId.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace EId.Server.Tests;

/// <summary>
/// One real EId.Server on a loopback port over a temporary demo work folder (keys, SQLite stores, synthetic citizens
/// from the face-api sample photos). Citizen 3 is on the ID blacklist. Tests talk to it over HTTP only, and read its
/// stores through <see cref="App"/> to check what was recorded.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    /// <summary>The blacklisted citizen's number (1-based, as in the card files).</summary>
    public const int BlacklistedCitizen = 3;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "eid-server-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public DemoWorkspace Workspace { get; private set; } = null!;

    public DemoKeys Keys { get; private set; } = null!;

    public WebApplication App { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Workspace = new DemoWorkspace(_folder);
        // The model build step extracts the pinned face-api samples into .cache/face-api; the demo reuses them.
        Workspace.CopySamplesFrom(Path.Combine(SharedData.RepoRoot, ".cache", "face-api"));
        Keys = DemoKeys.LoadOrCreate(Workspace.KeysFolder);
        using var pseudonym = new SubjectPseudonym(Keys.PseudonymKey);
        var blacklisted = DemoCitizens.Create([.. Enumerable.Range(0, BlacklistedCitizen).Select(_ => Array.Empty<byte>())])[BlacklistedCitizen - 1].IdNumber;
        // The shared server runs the passive check only: the test captures are still photos (ActiveChallengeTests start their own).
        (App, Address) = await StartAsync(Workspace, $"--EId:Risk:BlacklistedSubjectKeys:0={pseudonym.Of(blacklisted)}", "--EId:Server:ActiveLiveness=false");
    }

    /// <summary>Starts a server on a free loopback port over <paramref name="workspace"/> with extra configuration arguments.</summary>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(DemoWorkspace workspace, params string[] extra)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}/");
        string[] args = ["--urls", address.AbsoluteUri.TrimEnd('/'), $"--EId:Server:WorkFolder={workspace.Folder}", .. extra];
        var app = await ServerApp.CreateAsync(args, b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        return (app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
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

    /// <summary>A loopback port that was free a moment ago (nothing listens there until someone binds it).</summary>
    internal static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
