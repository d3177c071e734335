using EId.Demo;
using EId.Testing;

namespace EId.Server.Tests;

/// <summary>Every demo host finds the same work folder, and a fresh one does not crash a host.</summary>
public sealed class DemoWorkspaceTests
{
    [Fact]
    public void The_server_started_in_its_project_folder_and_the_kiosk_at_the_root_share_one_work_folder()
    {
        // dotnet run starts a web project in its own folder: that used to give the server its own eid-demo/ and keys.
        var atRoot = DemoWorkspace.DefaultFolderFor(SharedData.RepoRoot);
        var inServerProject = DemoWorkspace.DefaultFolderFor(Path.Combine(SharedData.RepoRoot, "examples", "EId.Server"));

        Assert.Equal(Path.Combine(SharedData.RepoRoot, "artifacts", "demo"), atRoot);
        Assert.Equal(atRoot, inServerProject);
    }

    [Fact]
    public void A_fresh_work_folder_has_no_live_frames_yet_rather_than_a_crash()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"eid-fresh-{Guid.NewGuid():N}");
        Assert.Empty(new DemoWorkspace(folder).LiveFrames());
        Assert.False(Directory.Exists(folder));
    }
}
