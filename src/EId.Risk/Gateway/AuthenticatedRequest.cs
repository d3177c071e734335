using EId.Risk.Devices;

namespace EId.Risk.Gateway;

/// <summary>A request whose certificate, device, time, signature and nonce all checked out.</summary>
/// <param name="Request">The request.</param>
/// <param name="Certificate">The verified device certificate.</param>
/// <param name="Device">The device's registry record.</param>
public sealed record AuthenticatedRequest(SignedRequest Request, DeviceCertificate Certificate, DeviceRecord Device);
