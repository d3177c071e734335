using static EId.Registry.Tests.Support.TestToken;
using EId.Registry.Storage;
using Microsoft.Data.Sqlite;

namespace EId.Registry.Tests.Storage;

public sealed class SqliteIdentityRegistryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private SqliteIdentityRegistry Open() => new(new SqliteRegistryOptions { DatabasePath = _dir.File("registry.db") });

    [Fact]
    public async Task Records_survive_reopening_the_file()
    {
        await Open().UpsertCitizensAsync([Citizens.Zhang()], Ct);
        await Open().RecordIssuanceAsync(Citizens.Issuance("beef"), Ct);
        SqliteConnection.ClearAllPools();
        var reopened = Open();
        Citizens.AssertSame(Citizens.Zhang(), (await reopened.LookupAsync(Citizens.ZhangId, Ct)).GetValueOrThrow());
        Assert.Equal([Citizens.Issuance("beef")], await reopened.GetIssuancesAsync(Citizens.ZhangId, Ct));
    }

    [Fact]
    public async Task Database_runs_in_wal_mode()
    {
        await Open().UpsertCitizensAsync([Citizens.Li()], Ct);
        using var connection = new SqliteConnection($"Data Source={_dir.File("registry.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string)command.ExecuteScalar()!);
    }

    [Theory]
    [InlineData("UPDATE issuances SET device_id = 'x'")]
    [InlineData("DELETE FROM issuances")]
    [InlineData("DELETE FROM status_history")]
    public async Task Issuance_log_and_status_history_are_append_only(string sql)
    {
        var registry = Open();
        await registry.UpsertCitizensAsync([Citizens.Zhang()], Ct);
        await registry.RecordIssuanceAsync(Citizens.Issuance("beef"), Ct);
        using var connection = new SqliteConnection($"Data Source={_dir.File("registry.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var ex = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
        Assert.Contains("append-only", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_changes_are_kept_in_history()
    {
        var registry = Open();
        await registry.UpsertCitizensAsync([Citizens.Zhang()], Ct);
        await registry.SetStatusAsync(Citizens.ZhangId, CitizenStatus.CardLost, Ct);
        await registry.SetStatusAsync(Citizens.ZhangId, CitizenStatus.CardLost, Ct);
        await registry.SetStatusAsync(Citizens.ZhangId, CitizenStatus.Valid, Ct);
        var history = await registry.GetStatusHistoryAsync(Citizens.ZhangId, Ct);
        Assert.Equal(
            [(null, CitizenStatus.Valid), (CitizenStatus.Valid, CitizenStatus.CardLost), (CitizenStatus.CardLost, CitizenStatus.Valid)],
            history.Select(h => (h.From, h.To)).ToArray());
    }

    [Fact]
    public async Task Two_instances_on_one_file_record_a_serial_once()
    {
        var first = Open();
        var second = Open();
        await first.UpsertCitizensAsync([Citizens.Zhang()], Ct);
        var issuance = Citizens.Issuance("f00d");
        var results = await Task.WhenAll(
            Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? first : second).RecordIssuanceAsync(issuance).AsTask()));
        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.Single(await first.GetIssuancesAsync(Citizens.ZhangId, Ct));
    }
}
