using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MlConnector.Web.Data.Protection;

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> key)
    {
        key.ToTable("DataProtectionKeys");
        key.Property(k => k.FriendlyName).HasMaxLength(200);
    }
}
