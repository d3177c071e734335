using EId.Demo;
using EId.Documents;
using EId.Faces;
using EId.Issuance;
using EId.Risk.Devices;

namespace EId.Server.Tests;

/// <summary>What the demo devices do before they talk to the server: read a card, capture frames, sign.</summary>
internal static class Devices
{
    /// <summary>Reads citizen <paramref name="number"/>'s card through the simulated GA 467 reader (the real codec runs).</summary>
    public static async Task<IdentityDocument> ReadCardAsync(DemoWorkspace workspace, int number) =>
        (await workspace.ReadCardAsync(number, TestContext.Current.CancellationToken)).GetValueOrThrow();

    /// <summary>A kiosk request for citizen <paramref name="number"/> with the demo's live frames, signed by the kiosk key.</summary>
    public static async Task<IssuanceRequest> KioskRequestAsync(ServerFixture server, int number, string? requestId = null, Func<FaceCapture, FaceCapture>? capture = null)
    {
        var document = await ReadCardAsync(server.Workspace, number);
        var frames = await new FileCamera(server.Workspace.LiveFrames()).CaptureAsync(TestContext.Current.CancellationToken);
        return server.Keys.KioskRequest(requestId ?? Guid.NewGuid().ToString("N"), document, capture?.Invoke(frames) ?? frames);
    }

    /// <summary>A client of the server whose requests are signed by <paramref name="device"/> (or unsigned).</summary>
    public static HttpClient Client(Uri address, DeviceCredential? device = null) => DemoKeys.Client(address, device);
}
