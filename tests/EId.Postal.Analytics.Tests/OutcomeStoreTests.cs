using EId.Postal.Outcomes;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EId.Postal.Analytics.Tests;

/// <summary>The contract every <see cref="IIntakeOutcomeStore"/> passes: append, read back by period in order, append-only.</summary>
public abstract class OutcomeStoreContract
{
    protected static readonly DateTimeOffset Hour = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    protected abstract ValueTask<IIntakeOutcomeStore> CreateAsync();

    /// <summary>Tries to change or remove a stored row behind the store's back; null when the store has no SQL to try.</summary>
    protected abstract ValueTask<Exception?> TamperAsync(IIntakeOutcomeStore store);

    [Fact]
    public async Task Outcomes_read_back_by_period_oldest_first_with_every_field()
    {
        await using var store = await CreateAsync();
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        await store.InitializeAsync(TestContext.Current.CancellationToken); // idempotent
        var late = Outcome(Hour.AddHours(2), IntakeOutcomeKind.IdentityFailure) with { Verdict = SenderVerdict.NotLive, Method = "eid-qr" };
        var early = Outcome(Hour, IntakeOutcomeKind.ProhibitedItem) with { Verdict = null, Method = null };
        var outside = Outcome(Hour.AddDays(1), IntakeOutcomeKind.Accepted);
        foreach (var o in new[] { late, early, outside })
        {
            await store.AppendAsync(o, TestContext.Current.CancellationToken);
        }

        var read = new List<IntakeOutcome>();
        await foreach (var o in store.ReadAsync(Hour, Hour.AddDays(1), TestContext.Current.CancellationToken))
        {
            read.Add(o);
        }

        Assert.Equal([early, late], read);
    }

    [Fact]
    public async Task Stored_outcomes_cannot_be_changed_or_removed()
    {
        await using var store = await CreateAsync();
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        await store.AppendAsync(Outcome(Hour, IntakeOutcomeKind.ProhibitedItem), TestContext.Current.CancellationToken);

        var refused = await TamperAsync(store);

        var count = 0;
        await foreach (var o in store.ReadAsync(Hour, Hour.AddHours(1), TestContext.Current.CancellationToken))
        {
            Assert.Equal(IntakeOutcomeKind.ProhibitedItem, o.Kind);
            count++;
        }

        Assert.Equal(1, count);
        if (refused is not null)
        {
            Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        }
    }

    protected static IntakeOutcome Outcome(DateTimeOffset hour, IntakeOutcomeKind kind) => new()
    {
        Hour = hour,
        Kind = kind,
        OriginRegion = "110105",
        DestinationRegion = "310115",
        ItemCategory = "DOC",
        WeightGrams = 1200,
        Verdict = SenderVerdict.FaceMismatch,
        Method = "id-card",
    };
}

public sealed class InMemoryOutcomeStoreTests : OutcomeStoreContract
{
    protected override ValueTask<IIntakeOutcomeStore> CreateAsync() => ValueTask.FromResult<IIntakeOutcomeStore>(new InMemoryIntakeOutcomeStore());

    protected override ValueTask<Exception?> TamperAsync(IIntakeOutcomeStore store) => ValueTask.FromResult<Exception?>(null);
}

public sealed class SqliteOutcomeStoreTests : OutcomeStoreContract, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"eid-outcomes-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    protected override ValueTask<IIntakeOutcomeStore> CreateAsync() => ValueTask.FromResult<IIntakeOutcomeStore>(new SqliteIntakeOutcomeStore(_path));

    protected override async ValueTask<Exception?> TamperAsync(IIntakeOutcomeStore store)
    {
        await using var connection = new SqliteConnection($"Data Source={_path}");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var update = await Record.ExceptionAsync(() => Execute(connection, "UPDATE intake_outcomes SET kind = 1;"));
        var delete = await Record.ExceptionAsync(() => Execute(connection, "DELETE FROM intake_outcomes;"));
        Assert.IsType<SqliteException>(update);
        Assert.IsType<SqliteException>(delete);
        return delete;
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}

public sealed class PostgresOutcomeStoreTests : OutcomeStoreContract, IAsyncDisposable
{
    private static readonly string? ConnectionString = Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");
    private readonly string _schema = $"eid_outcomes_t{Guid.NewGuid():N}"[..40];

    protected override ValueTask<IIntakeOutcomeStore> CreateAsync()
    {
        Assert.SkipWhen(string.IsNullOrEmpty(ConnectionString), "EID_TEST_POSTGRES is not set (bash eng/postgres.sh starts a server).");
        return ValueTask.FromResult<IIntakeOutcomeStore>(new PostgresIntakeOutcomeStore(ConnectionString!, _schema));
    }

    protected override async ValueTask<Exception?> TamperAsync(IIntakeOutcomeStore store)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var update = await Record.ExceptionAsync(() => Execute(connection, $"UPDATE {_schema}.intake_outcomes SET kind = 1;"));
        var delete = await Record.ExceptionAsync(() => Execute(connection, $"DELETE FROM {_schema}.intake_outcomes;"));
        var truncate = await Record.ExceptionAsync(() => Execute(connection, $"TRUNCATE {_schema}.intake_outcomes;"));
        Assert.IsType<PostgresException>(update);
        Assert.IsType<PostgresException>(truncate);
        return Assert.IsType<PostgresException>(delete);
    }

    public async ValueTask DisposeAsync()
    {
        if (string.IsNullOrEmpty(ConnectionString))
        {
            return;
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await Execute(connection, $"DROP SCHEMA IF EXISTS {_schema} CASCADE;");
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
