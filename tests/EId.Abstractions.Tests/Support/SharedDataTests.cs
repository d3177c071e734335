using EId.Testing;

namespace EId.Abstractions.Tests.Support;

public sealed class SharedDataTests
{
    [Fact]
    public void Shared_faces_manifest_lists_labelled_images_when_present()
    {
        var manifest = SharedData.Require("faces/manifest.csv");
        var lines = File.ReadAllLines(manifest);
        Assert.True(lines.Length > 1, "the manifest should list images");
    }

    [Fact]
    public void Repository_root_holds_the_solution() =>
        Assert.True(File.Exists(Path.Combine(SharedData.RepoRoot, "EId.sln")));
}
