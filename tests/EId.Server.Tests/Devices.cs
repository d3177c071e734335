using EId.Demo;
using EId.Documents;
using EId.Issuance;
using EId.Issuance.Binding;
using EId.Risk.Devices;
using EId.Risk.Requests;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Server.Tests;

/// <summary>What the demo devices do before they talk to the server: read a card, capture frames, sign.</summary>
internal static class Devices
{
    /// <summary>Reads citizen <paramref name="number"/>'s card through the simulated GA 467 reader (the real codec runs).</summary>
    public static async Task<IdentityDocument> ReadCardAsync(DemoWorkspace workspace, int number)
    {
        await using var reader = new ServiceCollection()
            .AddEIdDocuments(o =>
            {
                o.ReaderMode = IdCardReaderMode.Simulator;
                o.SimulatorCardFile = workspace.CardFile(number);
            })
            .BuildServiceProvider();
        return (await reader.GetRequiredService<IDocumentReader>().ReadAsync(TestContext.Current.CancellationToken)).GetValueOrThrow();
    }

    /// <summary>A kiosk request for citizen <paramref name="number"/> with the demo's live frames, signed by the kiosk key.</summary>
    public static async Task<IssuanceRequest> KioskRequestAsync(ServerFixture server, int number, string? requestId = null)
    {
        var document = await ReadCardAsync(server.Workspace, number);
        var capture = await new FileCamera(server.Workspace.LiveFrames()).CaptureAsync(TestContext.Current.CancellationToken);
        requestId ??= Guid.NewGuid().ToString("N");
        var body = IssuanceRequestBinding.CreateBody(requestId, document, capture);
        return new IssuanceRequest(requestId, document, capture, server.Keys.Kiosk.Sign(IssuanceRequestBinding.Method, IssuanceRequestBinding.Path, body));
    }

    /// <summary>A client of the server whose requests are signed by <paramref name="device"/> (or unsigned).</summary>
    public static HttpClient Client(Uri address, DeviceCredential? device = null) =>
        device is null
            ? new HttpClient { BaseAddress = address }
            : new HttpClient(new DeviceSigningHandler(device) { InnerHandler = new HttpClientHandler() }) { BaseAddress = address };
}
