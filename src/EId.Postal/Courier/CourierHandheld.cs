using EId.Documents;
using EId.Postal.Parcels;

namespace EId.Postal.Courier;

/// <summary>
/// The courier handheld's side of the flow: read the sender's ID card (or take the scanned EId QR
/// text), capture the sender's face, send both with the parcel details to the postal server and
/// return its answer for the screen and the waybill printer.
/// </summary>
public sealed class CourierHandheld
{
    private readonly IDocumentReader _reader;
    private readonly ISenderCamera _camera;
    private readonly IIntakeChannel _channel;
    private readonly string _courierId;
    private readonly string _deviceId;

    /// <summary>Creates the handheld.</summary>
    public CourierHandheld(IDocumentReader reader, ISenderCamera camera, IIntakeChannel channel, string courierId, string deviceId)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(courierId);
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceId);
        _reader = reader;
        _camera = camera;
        _channel = channel;
        _courierId = courierId;
        _deviceId = deviceId;
    }

    /// <summary>Reads the card, captures the face and sends the parcel. A card-read failure comes back as is.</summary>
    public async ValueTask<Result<IntakeResult, Failure<DocumentReadError>>> SendWithCardAsync(ParcelDetails parcel, string? senderPhone, CancellationToken cancellationToken = default)
    {
        var read = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (!read.TryGetValue(out var document, out var error))
        {
            return error;
        }

        var face = await _camera.CaptureAsync(cancellationToken).ConfigureAwait(false);
        return await _channel.SubmitAsync(Request(parcel, senderPhone, face) with { Document = document }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes a scanned EId QR credential instead of a card, captures the face and sends the parcel.</summary>
    public async ValueTask<IntakeResult> SendWithCredentialAsync(string credentialQr, ParcelDetails parcel, string? senderPhone, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(credentialQr);
        var face = await _camera.CaptureAsync(cancellationToken).ConfigureAwait(false);
        return await _channel.SubmitAsync(Request(parcel, senderPhone, face) with { CredentialQr = credentialQr }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What the handheld prints for an accepted parcel: the parcel details and the server's masked sender, as a record
    /// for <see cref="Waybills.WaybillRenderer"/>. The sender token stays with the postal server (empty here).
    /// </summary>
    /// <param name="parcel">The parcel as sent.</param>
    /// <param name="result">The server's answer; must be accepted.</param>
    /// <returns>The waybill's record.</returns>
    /// <exception cref="ArgumentException">The parcel was not accepted.</exception>
    public ParcelRecord Waybill(ParcelDetails parcel, IntakeResult result)
    {
        ArgumentNullException.ThrowIfNull(parcel);
        ArgumentNullException.ThrowIfNull(result);
        if (!result.IsAccepted || result.Verification is null || result.Receipt is null || result.SenderNameMasked is null)
        {
            throw new ArgumentException("Only an accepted parcel gets a waybill.", nameof(result));
        }

        return new ParcelRecord
        {
            WaybillNumber = result.WaybillNumber,
            SenderToken = string.Empty,
            SenderNameMasked = result.SenderNameMasked,
            SenderPhoneMasked = result.SenderPhoneMasked,
            ItemCategory = parcel.ItemCategory,
            ItemDescription = parcel.ItemDescription,
            WeightGrams = parcel.WeightGrams,
            OriginRegion = parcel.OriginRegion,
            DestinationRegion = parcel.DestinationRegion,
            CourierId = _courierId,
            DeviceId = _deviceId,
            Verification = result.Verification,
            AcceptedAt = result.Receipt.AppendedAt,
        };
    }

    private SenderCheckRequest Request(ParcelDetails parcel, string? phone, Faces.FaceCapture face)
    {
        ArgumentNullException.ThrowIfNull(parcel);
        return new SenderCheckRequest { Parcel = parcel, LiveFace = face, SenderPhone = phone, CourierId = _courierId, DeviceId = _deviceId };
    }
}
