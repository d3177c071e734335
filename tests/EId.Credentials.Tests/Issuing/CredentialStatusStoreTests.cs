using EId.Credentials.Issuing;
using EId.Credentials.Keys;
using EId.Credentials.Status;
using EId.Credentials.Trust;
using EId.Credentials.Verification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace EId.Credentials.Tests.Issuing;

/// <summary>Issue 18, item 4: status indices persist (SQLite, PostgreSQL), never repeat, and revoke by serial.</summary>
public sealed class CredentialStatusStoreTests : IAsyncDisposable
{
    private const string StatusUri = "https://kiosk.example.test/status/1";
    private readonly string _dir = Directory.CreateTempSubdirectory("eid-status-").FullName;
    private readonly string _schema = "eid_status_test_" + Guid.NewGuid().ToString("N")[..12];
    private readonly FakeTimeProvider _clock = TestCredentials.Clock();

    private static string? Postgres => Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");

    public static TheoryData<string> Stores => ["sqlite", "postgres"];

    private string SqlitePath => Path.Combine(_dir, "status.db");

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_new_instance_over_the_same_store_continues_after_the_last_index(string kind)
    {
        await using (var first = Open(kind))
        {
            Assert.Equal(0, await first.Store.NextAsync(new byte[] { 1 }));
            Assert.Equal(1, await first.Store.NextAsync(new byte[] { 2 }));
            Assert.Equal(2, await first.Store.NextAsync());
        }

        await using var second = Open(kind);
        Assert.Equal(3, await second.Store.NextAsync(new byte[] { 3 }));
        Assert.Equal(1, await second.Store.FindIndexAsync("02"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Concurrent_allocations_from_two_instances_never_repeat(string kind)
    {
        await using var a = Open(kind);
        await using var b = Open(kind);
        var tasks = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
            await (i % 2 == 0 ? a : b).Store.NextAsync(BitConverter.GetBytes(i))));
        var indices = await Task.WhenAll(tasks);
        Assert.Equal(200, indices.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), indices.Order());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Revoking_a_serial_revokes_that_credential_and_no_other(string kind)
    {
        await using var opened = Open(kind);
        using var key = IssuerSigningKey.Generate();
        var issuer = new Claim169Issuer(new InMemoryKeyStore(key), Options.Create(new CredentialIssuerOptions { Issuer = TestCredentials.Issuer, StatusListUri = StatusUri }), opened.Store, _clock);
        var subject = new CredentialSubject { IdNumber = "110101199003074518" };
        var revoked = await issuer.IssueAsync(new CredentialRequest(subject, "KIOSK-1", TimeSpan.FromDays(1)));
        var kept = await issuer.IssueAsync(new CredentialRequest(subject, "KIOSK-1", TimeSpan.FromDays(1)));

        Assert.Equal(revoked.Metadata.StatusIndex, await opened.Store.FindIndexAsync(revoked.Metadata.Serial!));
        Assert.Equal(RevocationOutcome.Revoked, await opened.Store.RevokeAsync(revoked.Metadata.Serial!.ToUpperInvariant()));
        Assert.Equal(RevocationOutcome.AlreadyRevoked, await opened.Store.RevokeAsync(revoked.Metadata.Serial!));
        Assert.Equal(RevocationOutcome.UnknownSerial, await opened.Store.RevokeAsync("00112233445566778899aabbccddeeff"));
        Assert.Equal(RevocationOutcome.UnknownSerial, await opened.Store.RevokeAsync("not hex"));

        var source = new InMemoryStatusListSource();
        source.Publish(StatusUri, StatusListToken.Issue(await opened.Store.GetStatusListAsync(), StatusUri, key, _clock.GetUtcNow(), TimeSpan.FromHours(6)));
        var verifier = new Claim169Verifier(new TrustList([key.ToTrustedKey(TestCredentials.Issuer)]), Options.Create(new CredentialVerifierOptions { StatusCheck = StatusCheck.Required }), _clock, source);
        Assert.Equal(CredentialError.Revoked, (await verifier.VerifyAsync(revoked.QrText)).Error);
        var verdict = await verifier.VerifyAsync(kept.QrText);
        Assert.True(verdict.IsValid, verdict.Message);
    }

    [Fact]
    public async Task AddEIdCredentials_keeps_indices_across_restarts_in_the_configured_store()
    {
        using var key = IssuerSigningKey.Generate();
        var indices = new List<long?>();
        for (var restart = 0; restart < 2; restart++)
        {
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(_clock);
            services.AddSingleton<IIssuerKeyStore>(new InMemoryKeyStore(key));
            services.AddEIdCredentials(o =>
            {
                o.Issuer.Issuer = TestCredentials.Issuer;
                o.Issuer.StatusListUri = StatusUri;
            }).UseSqlite(SqlitePath);
            await using var provider = services.BuildServiceProvider();
            var issued = await provider.GetRequiredService<ICredentialIssuer>().IssueAsync(new CredentialRequest(new CredentialSubject { IdNumber = "110101199003074518" }, "KIOSK-1", TimeSpan.FromHours(1)));
            indices.Add(issued.Metadata.StatusIndex);
            Assert.Equal(issued.Metadata.StatusIndex, await provider.GetRequiredService<ICredentialStatusStore>().FindIndexAsync(issued.Metadata.Serial!));
        }

        // The in-process counter used to restart at 0: revoking the first credential would also have revoked the second.
        Assert.Equal([0, 1], indices);
    }

    [Fact]
    public async Task A_status_list_uri_without_a_persistent_store_is_a_configuration_error()
    {
        var services = new ServiceCollection();
        using var key = IssuerSigningKey.Generate();
        services.AddSingleton<IIssuerKeyStore>(new InMemoryKeyStore(key));
        services.AddEIdCredentials(o =>
        {
            o.Issuer.Issuer = TestCredentials.Issuer;
            o.Issuer.StatusListUri = StatusUri;
        });
        await using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ICredentialIssuer>());
        Assert.Contains("StatusStore", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new Claim169Issuer(new InMemoryKeyStore(key), Options.Create(new CredentialIssuerOptions { Issuer = TestCredentials.Issuer, StatusListUri = StatusUri })));
    }

    public async ValueTask DisposeAsync()
    {
        if (!string.IsNullOrWhiteSpace(Postgres))
        {
            await using var database = NpgsqlDataSource.Create(Postgres);
            await using var drop = database.CreateCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE");
            await drop.ExecuteNonQueryAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private OpenStore Open(string kind)
    {
        if (kind == "sqlite")
        {
            return new OpenStore(new SqliteCredentialStatusStore(SqlitePath, _clock));
        }

        Assert.SkipWhen(string.IsNullOrWhiteSpace(Postgres), "EID_TEST_POSTGRES is not set (bash eng/postgres.sh starts a local server).");
        // A small pool: the test server is shared and has few connection slots.
        return new OpenStore(new PostgresCredentialStatusStore(Postgres + ";Maximum Pool Size=8", _schema, _clock));
    }

    /// <summary>A store and its disposal, whichever kind it is.</summary>
    private sealed class OpenStore(ICredentialStatusStore store) : IAsyncDisposable
    {
        public ICredentialStatusStore Store { get; } = store;

        public async ValueTask DisposeAsync()
        {
            if (Store is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else
            {
                (Store as IDisposable)?.Dispose();
            }
        }
    }
}
