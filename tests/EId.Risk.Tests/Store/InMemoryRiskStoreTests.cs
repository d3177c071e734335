using EId.Risk.Store;

namespace EId.Risk.Tests.Store;

public sealed class InMemoryRiskStoreTests : RiskStoreContract
{
    protected override IRiskStore CreateStore() => new InMemoryRiskStore();
}
