namespace EId.Risk;

/// <summary>
/// The front door: authenticates the device and request, then runs the risk policies.
/// Every refusal is written to the <see cref="IRiskStore"/> before the result is returned.
/// </summary>
public interface ISecurityGateway
{
    /// <summary>Checks the request; the result's decision says whether to go on, and names the authenticated device and site.</summary>
    ValueTask<GatewayDecision> CheckAsync(GatewayRequest request, CancellationToken cancellationToken = default);
}
