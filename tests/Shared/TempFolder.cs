namespace EId.Testing;

/// <summary>
/// A new, uniquely named folder in the temp folder for one test; disposing deletes it with everything in it, so a test
/// starts from an empty folder and leaves nothing behind.
/// </summary>
internal sealed class TempFolder : IDisposable
{
    /// <summary>Creates <c>eid-{prefix}-{guid}</c> in the temp folder.</summary>
    public TempFolder(string prefix)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"eid-{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The full path of <paramref name="name"/> inside the folder (not created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Deletes the folder; a file still held open by a lingering process is left for the OS to clean.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
