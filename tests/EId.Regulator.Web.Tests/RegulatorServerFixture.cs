using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using EId.Demo;
using EId.Postal;
using EId.Postal.AspNetCore.Tokens;
using EId.Postal.Courier;
using EId.Postal.Ledger;
using EId.Postal.Regulation;
using EId.Postal.Waybills;
using EId.Privacy;
using EId.Server;
using EId.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace EId.Regulator.Web.Tests;

/// <summary>
/// One real EId.Server on a loopback port over a temporary demo work folder, with the regulator API and console on, and
/// a week of seeded parcels in its ledger (2026-11-02 … 2026-11-08, origin Beijing 110105, <c>Parcels(day)</c> a day;
/// 3 synthetic senders). Officers' tokens are minted with the server's own development key (the demo path).
/// </summary>
public class RegulatorServerFixture : IAsyncLifetime
{
    /// <summary>Requests each officer may make per minute on this server.</summary>
    public const int RateLimit = 40;

    public static readonly DateOnly FirstDay = new(2026, 11, 2);

    public const int Days = 7;

    /// <summary>The synthetic senders (valid GB 11643 check digits, made-up names).</summary>
    public static readonly SenderPii[] Senders =
    [
        new("110105199003071239", "王建国", "13812345678"),
        new("310115198512120022", "李秀英", "13987654321"),
        new("440305200001016618", "赵明远", null),
    ];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "eid-regulator-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public WebApplication App { get; private set; } = null!;

    /// <summary>The server's work folder.</summary>
    public string Folder => _folder;

    /// <summary>Server settings beyond the common ones (a derived fixture turns features on).</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    public Uri Address { get; private set; } = null!;

    public Uri Console => new(Address, "regulator/");

    public DemoWorkspace Workspace { get; private set; } = null!;

    public ECDsaSecurityKey SigningKey { get; private set; } = null!;

    /// <summary>Every seeded parcel.</summary>
    public List<ParcelRecord> Parcels { get; } = [];

    /// <summary>Parcels seeded on day <paramref name="day"/> (0-based): 1, 3, 2, 5, 0, 4, 2.</summary>
    public static int ParcelsOn(int day) => new[] { 1, 3, 2, 5, 0, 4, 2 }[day];

    public async ValueTask InitializeAsync()
    {
        Workspace = new DemoWorkspace(_folder);
        Workspace.CopySamplesFrom(Path.Combine(SharedData.RepoRoot, ".cache", "face-api"));
        var address = new Uri($"http://127.0.0.1:{FreePort()}/");
        string[] args = ["--urls", address.AbsoluteUri.TrimEnd('/'), $"--EId:Server:WorkFolder={_folder}", "--EId:Server:ActiveLiveness=false",
            $"--EId:Regulator:RateLimitPermits={RateLimit}", .. ExtraArguments];
        App = await ServerApp.CreateAsync(args, b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await App.StartAsync();
        Address = address;
        SigningKey = RegulatorDevelopmentTokens.LoadOrCreateKey(Path.Combine(_folder, "regulator"));
        await SeedAsync();
    }

    private async Task SeedAsync()
    {
        var ledger = App.Services.GetRequiredService<ParcelLedger>();
        var tokens = App.Services.GetRequiredService<SenderTokenKey>();
        var n = 0;
        for (var day = 0; day < Days; day++)
        {
            for (var i = 0; i < ParcelsOn(day); i++, n++)
            {
                var sender = Senders[n % Senders.Length];
                var at = new DateTimeOffset(FirstDay.AddDays(day).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero).AddMinutes(37 * i);
                Parcels.Add(new ParcelRecord
                {
                    WaybillNumber = WaybillNumber.Create("EI", 7000 + n).Value,
                    SenderToken = tokens.TokenOf(sender.IdNumber),
                    SenderNameMasked = PiiMask.Name(sender.FullName),
                    SenderPhoneMasked = sender.Phone is null ? null : PiiMask.Phone(sender.Phone),
                    ItemCategory = "DOC",
                    ItemDescription = $"documents #{n}",
                    WeightGrams = 250 + n,
                    OriginRegion = "110105",
                    DestinationRegion = n % 2 == 0 ? "310115" : "440305",
                    CourierId = "courier-7",
                    DeviceId = "handheld-42",
                    Verification = new SenderVerification(SenderVerdict.Verified, 0.71f, 0.93f, at) { VerifierId = "ids-1", Method = "id-card" },
                    AcceptedAt = at,
                    SenderPii = sender,
                });
            }
        }

        var appended = await ledger.TryAppendBatchAsync(Parcels);
        Assert.True(appended.IsSuccess, appended.IsSuccess ? null : appended.Error.ToString());
        await ledger.CheckpointAsync();
    }

    /// <summary>A token signed by the server's development key.</summary>
    public string Token(string officer, RegulatorRoles roles, TimeSpan? validFor = null, string audience = "eid-regulator-api", DateTimeOffset? notBefore = null)
    {
        var start = notBefore ?? DateTimeOffset.UtcNow.AddMinutes(-1);
        return RegulatorDevelopmentTokens.Mint(SigningKey, "eid-regulator-dev", audience, officer, roles, start, start + (validFor ?? TimeSpan.FromHours(1)));
    }

    /// <summary>An HTTP client on the server with <paramref name="token"/> as its bearer token (none when null).</summary>
    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = new Uri(Address, "regulator/v1/") };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>A fresh officer id (each test its own rate-limit partition).</summary>
    public static string NewOfficer(string stem) => $"{stem}-{Guid.NewGuid().ToString("N")[..6]}";

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await App.DisposeAsync();
        SigningKey.ECDsa.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite file still closing; the temp folder is left for the OS to clean.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class RegulatorServerCollection : ICollectionFixture<RegulatorServerFixture>
{
    public const string Name = "regulator server";
}
