namespace EId.Testing;

/// <summary>
/// A uniquely named SQLite file in the temp folder for one test; disposing deletes it and the journal files SQLite keeps
/// beside it (<c>-wal</c>, <c>-shm</c>, <c>-journal</c>), so every test starts from no file and leaves none behind.
/// </summary>
internal sealed class TempSqliteFile : IDisposable
{
    /// <summary>Creates a name <c>eid-{prefix}-{guid}.db</c>; the file itself is created by whoever opens it.</summary>
    public TempSqliteFile(string prefix) =>
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"eid-{prefix}-{Guid.NewGuid():N}.db");

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    /// <summary>Deletes the database and its siblings (matched by file-name prefix, as SQLite names them).</summary>
    public void Dispose()
    {
        foreach (var file in Directory.GetFiles(System.IO.Path.GetTempPath(), System.IO.Path.GetFileName(Path) + "*"))
        {
            File.Delete(file);
        }
    }
}
