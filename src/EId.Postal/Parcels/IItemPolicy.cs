namespace EId.Postal.Parcels;

/// <summary>Decides whether an item may be sent at all (prohibited and restricted goods), before the sender check.</summary>
public interface IItemPolicy
{
    /// <summary>Checks the item.</summary>
    ValueTask<ItemDecision> CheckAsync(ParcelDetails parcel, CancellationToken cancellationToken = default);
}
