namespace Infra.GitOps.Loading.Schema;

/// <summary>An IPv4 CIDR block (<c>10.0.0.0/24</c>), parsed by hand: four decimal octets 0-255 without leading
/// zeros, a prefix 0-32.</summary>
internal readonly record struct Ipv4Cidr(uint Address, int Prefix)
{
    public uint Mask => Prefix == 0 ? 0u : uint.MaxValue << (32 - Prefix);

    /// <summary>True when the address has no bit set beyond the prefix.</summary>
    public bool IsCanonical => (Address & ~Mask) == 0;

    /// <summary>The block with host bits cleared.</summary>
    public Ipv4Cidr Canonical => new(Address & Mask, Prefix);

    public static bool TryParse(string text, out Ipv4Cidr cidr)
    {
        cidr = default;
        var slash = text.IndexOf('/');
        if (slash < 0)
        {
            return false;
        }

        uint address = 0;
        var octets = 0;
        var i = 0;
        while (i < slash)
        {
            var start = i;
            var value = 0;
            while (i < slash && char.IsAsciiDigit(text[i]) && i - start < 3)
            {
                value = (value * 10) + (text[i] - '0');
                i++;
            }

            var length = i - start;
            if (length == 0 || value > 255 || (length > 1 && text[start] == '0'))
            {
                return false;
            }

            address = (address << 8) | (uint)value;
            octets++;
            if (i < slash)
            {
                if (text[i] != '.' || octets == 4)
                {
                    return false;
                }

                i++;
                if (i == slash)
                {
                    return false;
                }
            }
        }

        if (octets != 4 || !int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix)
            || prefix > 32 || (text.Length - slash - 1 > 1 && text[slash + 1] == '0'))
        {
            return false;
        }

        cidr = new Ipv4Cidr(address, prefix);
        return true;
    }

    /// <summary>True when <paramref name="other"/> lies entirely inside this block.</summary>
    public bool Contains(Ipv4Cidr other) => other.Prefix >= Prefix && (other.Address & Mask) == (Address & Mask);

    public bool Overlaps(Ipv4Cidr other) => Contains(other) || other.Contains(this);

    public override string ToString() =>
        $"{Address >> 24}.{(Address >> 16) & 0xFF}.{(Address >> 8) & 0xFF}.{Address & 0xFF}/{Prefix}";
}
