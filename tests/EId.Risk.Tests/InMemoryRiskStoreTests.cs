using EId.Risk.Store;

namespace EId.Risk.Tests;

public sealed class InMemoryRiskStoreTests : RiskStoreContract
{
    protected override IRiskStore CreateStore() => new InMemoryRiskStore();
}
