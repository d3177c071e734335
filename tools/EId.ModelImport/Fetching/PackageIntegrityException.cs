using EId.ModelImport.Catalog;

namespace EId.ModelImport.Fetching;

/// <summary>
/// Thrown when a fetched tarball's integrity differs from the pin: the tarball is refused and not
/// cached. Derives from <see cref="InvalidOperationException"/>, which the importer's callers report.
/// </summary>
public sealed class PackageIntegrityException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="package"/>.</summary>
    public PackageIntegrityException(NpmPackage package, string actual, string? reported)
        : base($"Integrity mismatch for {package?.Spec}: pinned {package?.Integrity}, tarball {actual}, npm reported {reported ?? "nothing"}. Refusing to use it.")
    {
        ArgumentNullException.ThrowIfNull(package);
        Package = package;
        Actual = actual;
        Reported = reported;
    }

    /// <summary>The package whose pin was not met.</summary>
    public NpmPackage Package { get; }

    /// <summary>The integrity (<c>sha512-…</c>) of the tarball npm wrote.</summary>
    public string Actual { get; }

    /// <summary>The integrity npm reported for it, if any.</summary>
    public string? Reported { get; }
}
