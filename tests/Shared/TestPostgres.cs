namespace EId.Testing;

/// <summary>
/// The loopback PostgreSQL server the store tests use (<c>EID_TEST_POSTGRES</c>, printed by <c>bash eng/postgres.sh</c>).
/// A test that needs it reads <see cref="ConnectionString"/>, which skips the test with the reason when it is not set,
/// so the suite passes on a machine without a server.
/// </summary>
internal static class TestPostgres
{
    /// <summary>The environment variable holding the connection string.</summary>
    public const string Variable = "EID_TEST_POSTGRES";

    /// <summary>The connection string, or null when no server is configured (for tests that branch instead of skipping).</summary>
    public static string? ConnectionStringOrNull
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }
    }

    /// <summary>The connection string; skips the calling test when no server is configured.</summary>
    public static string ConnectionString
    {
        get
        {
            var value = ConnectionStringOrNull;
            Assert.SkipWhen(value is null, $"{Variable} is not set (bash eng/postgres.sh starts a local server).");
            return value!;
        }
    }
}
