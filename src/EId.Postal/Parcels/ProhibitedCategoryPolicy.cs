using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace EId.Postal.Parcels;

/// <summary>
/// The default item policy: refuses parcels whose category code is in
/// <see cref="PostalOptions.ProhibitedCategories"/> and parcels heavier than
/// <see cref="PostalOptions.MaxWeightGrams"/>. Carriers plug in richer policies through <see cref="IItemPolicy"/>.
/// </summary>
public sealed class ProhibitedCategoryPolicy : IItemPolicy
{
    private readonly FrozenSet<string> _prohibited;
    private readonly int _maxWeight;

    /// <summary>Creates the policy from the postal options.</summary>
    public ProhibitedCategoryPolicy(IOptions<PostalOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _prohibited = options.Value.ProhibitedCategories.ToFrozenSet(StringComparer.Ordinal);
        _maxWeight = options.Value.MaxWeightGrams;
    }

    /// <inheritdoc />
    public ValueTask<ItemDecision> CheckAsync(ParcelDetails parcel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parcel);
        if (_prohibited.Contains(parcel.ItemCategory))
        {
            return ValueTask.FromResult(ItemDecision.Refuse($"Category {parcel.ItemCategory} may not be sent."));
        }

        return ValueTask.FromResult(parcel.WeightGrams > _maxWeight
            ? ItemDecision.Refuse($"Parcels above {_maxWeight} g are not accepted.")
            : ItemDecision.Accept);
    }
}
