namespace EId.Postal;

/// <summary>The append-only, hash-chained parcel ledger kept by the postal server.</summary>
public interface IParcelLedger
{
    /// <summary>Appends a parcel durably; the receipt is returned once it is stored.</summary>
    ValueTask<LedgerReceipt> AppendAsync(ParcelRecord parcel, CancellationToken cancellationToken = default);

    /// <summary>Finds a parcel by waybill number.</summary>
    ValueTask<ParcelRecord?> FindAsync(string waybillNumber, CancellationToken cancellationToken = default);

    /// <summary>Verifies the whole chain, pinpointing the first bad entry.</summary>
    ValueTask<ChainVerification> VerifyChainAsync(CancellationToken cancellationToken = default);
}
