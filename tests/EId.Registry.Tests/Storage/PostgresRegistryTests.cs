using static EId.Registry.Tests.Support.TestToken;
using EId.Registry.Channel;
using EId.Registry.Storage;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace EId.Registry.Tests.Storage;

/// <summary>Where the PostgreSQL tests find their server, and their own schema per test class instance.</summary>
internal static class TestPostgres
{
    public static string ConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");
            Assert.SkipWhen(string.IsNullOrWhiteSpace(value), "EID_TEST_POSTGRES is not set (bash eng/postgres.sh starts a local server).");
            return value!;
        }
    }

    public static string NewSchema(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..40];

    public static async Task DropAsync(string schema)
    {
        var value = Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        await using var connection = new NpgsqlConnection(value);
        await connection.OpenAsync(CancellationToken.None);
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync(CancellationToken.None);
    }
}

/// <summary>
/// The registry contract on PostgreSQL, with the lookups and issuances through one instance and the admin writes through
/// another on the same schema (two registry hosts behind a balancer).
/// </summary>
public sealed class PostgresRegistryContractTests : RegistryContract
{
    private readonly string _schema = TestPostgres.NewSchema("eid_registry_test");
    private readonly List<PostgresIdentityRegistry> _instances = [];

    public override ValueTask InitializeAsync()
    {
        var front = new PostgresIdentityRegistry(TestPostgres.ConnectionString, _schema);
        var admin = new PostgresIdentityRegistry(TestPostgres.ConnectionString, _schema);
        _instances.AddRange([front, admin]);
        Registry = front;
        Admin = admin;
        return ValueTask.CompletedTask;
    }

    protected override async ValueTask CleanupAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await TestPostgres.DropAsync(_schema);
    }
}

/// <summary>What only the PostgreSQL registry and channel replay store add: the database enforces the log, and replays cross hosts.</summary>
public sealed class PostgresRegistryTests : IAsyncDisposable
{
    private const string Route = "POST /registry";
    private readonly string _schema = TestPostgres.NewSchema("eid_registry_pg");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("UPDATE {0}.issuances SET device_id = 'x'")]
    [InlineData("DELETE FROM {0}.issuances")]
    [InlineData("TRUNCATE {0}.issuances CASCADE")]
    [InlineData("DELETE FROM {0}.status_history")]
    public async Task Issuance_log_and_status_history_are_append_only(string sql)
    {
        await using var registry = new PostgresIdentityRegistry(TestPostgres.ConnectionString, _schema);
        await registry.UpsertCitizensAsync([Citizens.Zhang()], Ct);
        await registry.RecordIssuanceAsync(Citizens.Issuance("beef"), Ct);
        await using var connection = new NpgsqlConnection(TestPostgres.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, _schema), connection);
        var ex = await Assert.ThrowsAsync<PostgresException>(async () => await command.ExecuteNonQueryAsync(Ct));
        Assert.Contains("append-only", ex.MessageText, StringComparison.Ordinal);
        Assert.Single(await registry.GetIssuancesAsync(Citizens.ZhangId, Ct));
    }

    [Fact]
    public async Task Status_history_is_kept_and_a_status_set_twice_is_one_change()
    {
        await using var registry = new PostgresIdentityRegistry(TestPostgres.ConnectionString, _schema, _clock);
        await registry.UpsertCitizensAsync([Citizens.Zhang()], Ct);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await registry.SetStatusAsync(Citizens.ZhangId, CitizenStatus.CardLost, Ct);
        await registry.SetStatusAsync(Citizens.ZhangId, CitizenStatus.CardLost, Ct);

        var history = await registry.GetStatusHistoryAsync(Citizens.ZhangId, Ct);
        Assert.Equal([(null, CitizenStatus.Valid), (CitizenStatus.Valid, CitizenStatus.CardLost)], history.Select(h => (h.From, h.To)));
        Assert.Equal(_clock.GetUtcNow(), history[^1].At);
    }

    [Fact]
    public async Task A_sealed_request_opened_by_one_host_is_refused_as_a_replay_by_another()
    {
        using var client = ChannelKeyPair.Generate();
        using var server = ChannelKeyPair.Generate();
        await using var firstStore = new PostgresChannelReplayStore(TestPostgres.ConnectionString, _schema, _clock);
        await using var secondStore = new PostgresChannelReplayStore(TestPostgres.ConnectionString, _schema, _clock);
        var first = new ChannelResponder(server, [client.PublicKey], firstStore, TimeSpan.FromMinutes(2), _clock);
        var second = new ChannelResponder(server, [client.PublicKey], secondStore, TimeSpan.FromMinutes(2), _clock);
        var initiator = new ChannelInitiator(client, server.PublicKey.Span, _clock);
        using var exchange = initiator.Seal("lookup"u8, Route);

        using (var opened = (await first.OpenAsync(exchange.Request, Route, Ct)).GetValueOrThrow())
        {
            Assert.Equal("lookup"u8.ToArray(), opened.Plaintext);
        }

        var replay = await second.OpenAsync(exchange.Request, Route, Ct);
        Assert.Equal(ChannelError.Replayed, replay.Error!.Reason);

        // A fresh request is accepted by either host.
        using var fresh = initiator.Seal("lookup"u8, Route);
        using var openedFresh = (await second.OpenAsync(fresh.Request, Route, Ct)).GetValueOrThrow();
    }

    [Fact]
    public async Task Message_ids_are_accepted_once_under_concurrency_and_again_after_they_may_be_forgotten()
    {
        await using var store = new PostgresChannelReplayStore(TestPostgres.ConnectionString, _schema, _clock);
        var id = Guid.NewGuid().ToByteArray();
        var forget = _clock.GetUtcNow().AddMinutes(2);
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () => await store.TryAcceptAsync(id, forget, Ct), Ct)));
        Assert.Single(results, r => r is null);
        Assert.All(results.Where(r => r is not null), r => Assert.Equal(ChannelError.Replayed, r));

        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(ChannelError.Replayed, await store.TryAcceptAsync(id, forget.AddMinutes(2), Ct));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(await store.TryAcceptAsync(id, forget.AddMinutes(2), Ct));
        Assert.Equal(ChannelError.Malformed, await store.TryAcceptAsync(new byte[15], forget, Ct));
    }

    public async ValueTask DisposeAsync() => await TestPostgres.DropAsync(_schema);
}
