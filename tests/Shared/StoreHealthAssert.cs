using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EId.Testing;

/// <summary>The contract every store health check meets, checked the same way in each package's tests.</summary>
internal static class StoreHealthAssert
{
    /// <summary>
    /// Asserts that <paramref name="check"/> is Healthy on the real SQLite store at <paramref name="realPath"/> and on a file not
    /// created yet beside it (without creating it), and Unhealthy on a file in a missing folder (naming it) and on a file
    /// that is not a database.
    /// </summary>
    /// <param name="check">Runs the package's health check against a store path.</param>
    /// <param name="realPath">A store the package has written.</param>
    public static async Task HealthyOnlyOnARealSqliteStoreAsync(Func<string, Task<HealthReportEntry>> check, string realPath)
    {
        Assert.Equal(HealthStatus.Healthy, (await check(realPath)).Status);

        var folder = Path.GetDirectoryName(realPath)!;
        var notYet = await check(Path.Combine(folder, "missing.db"));
        Assert.Equal(HealthStatus.Healthy, notYet.Status);
        Assert.Contains("not created yet", notYet.Description, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "missing.db")), "The check must not create the store.");

        var missing = await check(Path.Combine(folder, "no-such-folder", "missing.db"));
        Assert.Equal(HealthStatus.Unhealthy, missing.Status);
        Assert.Contains("missing.db", missing.Description, StringComparison.Ordinal);

        var garbage = Path.Combine(folder, "garbage.db");
        await File.WriteAllTextAsync(garbage, new string('x', 4096));
        Assert.Equal(HealthStatus.Unhealthy, (await check(garbage)).Status);
    }
}
