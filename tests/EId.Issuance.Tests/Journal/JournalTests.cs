using EId.Credentials;
using EId.Documents;
using EId.Faces;
using EId.Issuance.Journal;
using EId.Issuance.Remote;
using EId.Risk;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Issuance.Tests.Journal;

public sealed class JournalTests : IDisposable
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("eid-journal-").FullName;

    private readonly string _schema = $"eid_journal_test_{Guid.NewGuid():N}"[..40];
    private readonly List<IDisposable> _made = [];

    public static TheoryData<string> Kinds => ["memory", "sqlite", "postgres"];

    private static string Postgres
    {
        get
        {
            var value = Environment.GetEnvironmentVariable("EID_TEST_POSTGRES");
            Assert.SkipWhen(string.IsNullOrWhiteSpace(value), "EID_TEST_POSTGRES is not set (bash eng/postgres.sh starts a local server).");
            return value!;
        }
    }

    private IIssuanceJournal Create(string kind, byte[]? key = null)
    {
        IIssuanceJournal journal = kind switch
        {
            "memory" => new InMemoryIssuanceJournal(TimeSpan.FromMinutes(5), TimeSpan.FromDays(1)),
            "sqlite" => new SqliteIssuanceJournal(Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db"), TimeSpan.FromMinutes(5), TimeSpan.FromDays(1)),
            _ => new PostgresIssuanceJournal(Postgres, _schema, TimeSpan.FromMinutes(5), TimeSpan.FromDays(1), key),
        };
        if (journal is IDisposable disposable)
        {
            _made.Add(disposable);
        }

        return journal;
    }

    [Fact]
    public async Task Two_postgres_instances_with_one_key_decide_a_request_once_and_answer_each_others_outcome()
    {
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var first = Create("postgres", key);
        var second = Create("postgres", key);
        var claimKey = JournalKey.Of("kiosk-1", "r-two");

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () => (await (i % 2 == 0 ? first : second).ClaimAsync(claimKey, "d", T0, Ct)).State, Ct)));
        Assert.Single(claims, c => c == JournalClaimState.Claimed);
        Assert.All(claims.Where(c => c != JournalClaimState.Claimed), c => Assert.Equal(JournalClaimState.InProgress, c));

        await first.CompleteAsync(claimKey, Issued("r-two"), Ct);
        var answered = await second.ClaimAsync(claimKey, "d", T0.AddMinutes(1), Ct);
        Assert.Equal(JournalClaimState.Completed, answered.State);
        Assert.True(answered.Outcome!.FromJournal);
        Assert.Equal("NCFOXN*TS0BI$ZD.P9UOL97O4-2HH77HRM3HSA7R4I", answered.Outcome.Credential!.QrText);

        // Stored sealed: no ID number or QR text in the table.
        await using var connection = new Npgsql.NpgsqlConnection(Postgres);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand($"SELECT outcome_sealed FROM {_schema}.issuance_journal", connection);
        var stored = (string)(await command.ExecuteScalarAsync(Ct))!;
        Assert.StartsWith("s1.", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("11010519491231002X", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("NCFOXN", stored, StringComparison.Ordinal);

        // An instance with another key cannot open it and decides again rather than answering wrongly.
        var stranger = Create("postgres");
        Assert.Equal(JournalClaimState.Claimed, (await stranger.ClaimAsync(claimKey, "d", T0.AddMinutes(2), Ct)).State);
        Assert.Throws<ArgumentException>(() => new PostgresIssuanceJournal(Postgres, _schema, TimeSpan.FromMinutes(5), TimeSpan.FromDays(1), new byte[16]));
        Assert.Throws<ArgumentException>(() => new PostgresIssuanceJournal(Postgres, "Not-A-Schema", TimeSpan.FromMinutes(5), TimeSpan.FromDays(1)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Claim_complete_and_answer_again(string kind)
    {
        var journal = Create(kind);
        var key = JournalKey.Of("kiosk-1", "r1");
        Assert.Equal(JournalClaimState.Claimed, (await journal.ClaimAsync(key, "d1", T0, Ct)).State);
        Assert.Equal(JournalClaimState.InProgress, (await journal.ClaimAsync(key, "d1", T0.AddSeconds(1), Ct)).State);
        Assert.Equal(JournalClaimState.PayloadMismatch, (await journal.ClaimAsync(key, "d2", T0.AddSeconds(1), Ct)).State);

        var outcome = Issued("r1");
        await journal.CompleteAsync(key, outcome, Ct);
        var again = await journal.ClaimAsync(key, "d1", T0.AddMinutes(1), Ct);

        Assert.Equal(JournalClaimState.Completed, again.State);
        Assert.True(again.Outcome!.FromJournal);
        Assert.Equal(outcome.Credential!.QrText, again.Outcome.Credential!.QrText);
        Assert.Equal(outcome.Credential.Subject.IdNumber, again.Outcome.Credential.Subject.IdNumber);
        Assert.Equal(outcome.Credential.Subject.Face!.Data.ToArray(), again.Outcome.Credential.Subject.Face!.Data.ToArray());
        Assert.Equal(outcome.Credential.Subject.FaceTemplate!.Vector.ToArray(), again.Outcome.Credential.Subject.FaceTemplate!.Vector.ToArray());
        Assert.Equal(outcome.Credential.Metadata, again.Outcome.Credential.Metadata);

        // Other devices have their own request ids.
        Assert.Equal(JournalClaimState.Claimed, (await journal.ClaimAsync(JournalKey.Of("kiosk-2", "r1"), "d9", T0, Ct)).State);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Refusals_round_trip_release_frees_and_stale_claims_and_old_outcomes_expire(string kind)
    {
        var journal = Create(kind);
        var refused = IssuanceOutcome.Refused("r2", new IssuanceRefusal(IssuanceStep.FaceMatch, [new RiskReason(RiskReasonCode.FaceMismatch, "score 0.1", "issuer")])) with { DecidedAt = T0 };
        await journal.ClaimAsync("k2", "d", T0, Ct);
        await journal.CompleteAsync("k2", refused, Ct);
        var again = await journal.ClaimAsync("k2", "d", T0.AddHours(1), Ct);
        Assert.Equal(IssuanceStep.FaceMatch, again.Outcome!.Refusal!.Step);
        Assert.True(again.Outcome.Refusal.Has(RiskReasonCode.FaceMismatch));

        // Past the retention the outcome is gone and the id can be decided afresh.
        Assert.Equal(JournalClaimState.Claimed, (await journal.ClaimAsync("k2", "d", T0.AddDays(2), Ct)).State);

        await journal.ClaimAsync("k3", "d", T0, Ct);
        await journal.ReleaseAsync("k3", Ct);
        Assert.Equal(JournalClaimState.Claimed, (await journal.ClaimAsync("k3", "d", T0.AddSeconds(1), Ct)).State);
        Assert.Equal(JournalClaimState.Claimed, (await journal.ClaimAsync("k3", "d", T0.AddMinutes(10), Ct)).State); // stale pending claim
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Concurrent_claims_of_one_request_id_let_exactly_one_decide(string kind)
    {
        var journal = Create(kind);
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () => (await journal.ClaimAsync("k-race", "d", T0, Ct)).State, Ct)));

        Assert.Single(claims, c => c == JournalClaimState.Claimed);
        Assert.All(claims.Where(c => c != JournalClaimState.Claimed), c => Assert.Equal(JournalClaimState.InProgress, c));
    }

    [Property(MaxTest = 200)]
    public bool Journal_json_never_throws_on_garbage(string text)
    {
        var outcome = IssuanceJson.DeserializeOutcome(System.Text.Encoding.UTF8.GetBytes(text ?? string.Empty));
        return outcome is null || outcome.RequestId is not null;
    }

    [Property(MaxTest = 100)]
    public Property Truncated_journal_json_gives_null_or_an_outcome() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 2000)), cut =>
        {
            var json = IssuanceJson.SerializeOutcome(Issued("r"));
            var outcome = IssuanceJson.DeserializeOutcome(json.AsSpan(0, Math.Min(cut, json.Length)));
            return cut >= json.Length ? outcome is { IsIssued: true } : outcome is null;
        });

    [Fact]
    public async Task Decided_outcomes_are_sealed_at_rest_and_only_the_same_key_answers_from_them()
    {
        var path = Path.Combine(_folder, "sealed.db");
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        using (var journal = new SqliteIssuanceJournal(path, TimeSpan.FromMinutes(5), TimeSpan.FromDays(1), key))
        {
            await journal.ClaimAsync("k-sealed", "d", T0, Ct);
            await journal.CompleteAsync("k-sealed", Issued("r-sealed"), Ct);
        }

        // On disk: no ID number, no name, no QR text.
        string stored;
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT outcome_json FROM issuance_journal WHERE request_key = 'k-sealed'";
            stored = (string)command.ExecuteScalar()!;
        }

        Assert.StartsWith("s1.", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("11010519491231002X", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("NCFOXN", stored, StringComparison.Ordinal);

        // The same key (a restart with the configured key) answers from the journal; another key decides again.
        using (var sameKey = new SqliteIssuanceJournal(path, TimeSpan.FromMinutes(5), TimeSpan.FromDays(1), key))
        {
            var again = await sameKey.ClaimAsync("k-sealed", "d", T0.AddMinutes(1), Ct);
            Assert.Equal(JournalClaimState.Completed, again.State);
            Assert.Equal("11010519491231002X", again.Outcome!.Credential!.Subject.IdNumber);
        }

        using var otherKey = new SqliteIssuanceJournal(path, TimeSpan.FromMinutes(5), TimeSpan.FromDays(1));
        Assert.Equal(JournalClaimState.Claimed, (await otherKey.ClaimAsync("k-sealed", "d", T0.AddMinutes(2), Ct)).State);
        Assert.Throws<ArgumentException>(() => new SqliteIssuanceJournal(path, TimeSpan.FromMinutes(5), TimeSpan.FromDays(1), new byte[16]));
    }

    private static IssuanceOutcome Issued(string requestId) => IssuanceOutcome.Issued(
        requestId,
        new IssuedCredential(
            "NCFOXN*TS0BI$ZD.P9UOL97O4-2HH77HRM3HSA7R4I",
            new CredentialSubject
            {
                IdNumber = "11010519491231002X",
                FullName = "测试",
                BirthDate = new DateOnly(1949, 12, 31),
                Gender = Gender.Female,
                Face = new DocumentPortrait(new byte[] { 1, 2, 3 }, ImageFormat.WebP),
                FaceTemplate = new FaceTemplate("fr_feature", new[] { 0.5f, -0.25f }),
            },
            new CredentialMetadata { Serial = "00ff", Issuer = "https://kiosk.test", IssuedAt = T0, ExpiresAt = T0.AddDays(3), DeviceId = "kiosk-1", StatusIndex = 4 })) with { DecidedAt = T0 };

    public void Dispose()
    {
        foreach (var journal in _made)
        {
            journal.Dispose();
        }

        if (_made.OfType<PostgresIssuanceJournal>().Any())
        {
            using var connection = new Npgsql.NpgsqlConnection(Environment.GetEnvironmentVariable("EID_TEST_POSTGRES"));
            connection.Open();
            using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
            drop.ExecuteNonQuery();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
