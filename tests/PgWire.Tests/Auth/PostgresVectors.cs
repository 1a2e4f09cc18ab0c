namespace HtapRouter.PgWire.Tests.Auth;

/// <summary>
/// Secrets and exchanges produced by a real PostgreSQL 15.18 (pg_authid.rolpassword after CREATE ROLE ...
/// PASSWORD, with password_encryption set), and libpq 15 exchanges with it captured on the wire.
/// </summary>
internal static class PostgresVectors
{
    /// <summary>Role name, password and the verifier PostgreSQL stored for it.</summary>
    public static TheoryData<string, string, string> ScramVerifiers => new()
    {
        { "scram_ascii", "pencil", "SCRAM-SHA-256$4096:vbTeOMScyg45Bms/FgOI1w==$n8WgTmQtv7cBuUn/Zelm5YG1JTacj9E4bLZlgaYnyeU=:n3GTxyQ5//u2yizb9/g5i4anpiySdACbGtk+7bmwUjs=" },
        // ASCII passes SASLprep untouched, control characters included.
        { "scram_ascii_ctrl", "tab\tpass", "SCRAM-SHA-256$4096:MiL2ZvO+l7l/jy/VJ7LW9g==$CLJDknUUexlBgwHDKi1nefhmpSR4sLS+GiZCYMhQS98=:RC29Pqrv9an+mSLhyGlvr/ZI38UUwuomLnZ6bnywjnU=" },
        // NFKC: full-width letters, U+2168 ROMAN NUMERAL NINE, precomposed and decomposed e-acute.
        { "scram_nfkc", "\uFF30\uFF41\uFF53\uFF53\u2168\u00E9e\u0301", "SCRAM-SHA-256$4096:JTtpq+iyX0DRsPVTLgDLlQ==$REQgJ6MFb8+0VlyyuNnSTIwwN3FMcwkacaEEmQXSZvI=:k0uycMDMw+dwoxnth/PqHZafZGNBpy+xdCibPHz5xkE=" },
        // Mapping: soft hyphen to nothing, no-break space, zero width space and ideographic space to space.
        { "scram_mapped", "\uFF50a\u00ADss\u00A0w\u00F6rd\u200B\u3000x", "SCRAM-SHA-256$4096:RzncJ3kZp+tDQAJanYJjYw==$ScCPc5RtD28a/TI4kIzPfYjOPQ9Fso4UaLUA3htNRqA=:MQDKVJ1uC3u1nF5l/NAiiSt7EQTuq1Q49b06tQzg5AE=" },
        // Conjoining jamo compose into a syllable.
        { "scram_hangul", "\u1100\u1161\u11A8\uFF11", "SCRAM-SHA-256$4096:eS1fM5q9IO15CUS2fuxlsA==$th2at4kZDDb/CQ7eYWBV5C6FwWfLQ7mGfGDeHlpXpNk=:28DftqGxXDiN2EykMDTozWdehFHoNbeXT6Kbp0xrsPU=" },
        // Right-to-left throughout: allowed, and U+FB2A decomposes.
        { "scram_rtl", "\u05D0\u05D1\uFB2A\u05D2", "SCRAM-SHA-256$4096:50k4vYnDvDDXknLnhFnA2A==$9Wk6Kx36XobS60K//qMNKHlmjhh2iLP3J59foHPYoI4=:SWaQcaglb7oN31yAK985LsjOLG0SIV3VYYsNUDeGRRI=" },
        // SASLprep refuses the next five, so PostgreSQL hashes the raw bytes (the full-width P stays).
        { "scram_prohibited", "\uFF30\u200E", "SCRAM-SHA-256$4096:hN7dQvzdpZxi1wQsoUxSyw==$q6jghyrE7oIOkBechKvHcB92r13QOxkDbVHNMFffVFA=:67qbkZpu1/eh5SkqKWI7ca3Nb8Bi0XkBfDExHvE4R4Y=" },
        { "scram_bidi", "\uFF30\u05D0", "SCRAM-SHA-256$4096:wLgf71Fu2wu/EH19R0DVQw==$MBOzsoIPaOornTzzwxa+A1EI2BZGaqmmWoDABU+kfmI=:m/UQ4ZXY+qxHIQl7sOVXI33vnNw6voahUtvzaJ3g9Vw=" },
        { "scram_unassigned", "\uFF30\U0001F600", "SCRAM-SHA-256$4096:B29xjGvSOfN/7rnYRKhlfQ==$SLy4qERImBGgve1T+Trte//rcwcbFdLhWgUqmtvd8t0=:TJwUtfiaRPVcIWqsQ75jDQDNCUWjZTRZBKKXXxzNraQ=" },
        // U+1D7CA is unassigned in Unicode 3.2 but NFKC maps it to the assigned U+03DC: PostgreSQL checks before normalising.
        { "scram_unassigned_prenorm", "\uFF30\U0001D7CA", "SCRAM-SHA-256$4096:cog1nZo7pzTUjSfDIqncKA==$vc5mNqplT74p/MKDrp9aXfaBVtno6hLfUhuctxFqMz8=:IZHUu4mBlySh7jiT4ccmsgrz1H49sgvBBv3msQ57q4c=" },
        { "scram_only_mapped", "\u00AD", "SCRAM-SHA-256$4096:qBewhA37ol376nrIv1HK3w==$dcaRV+QIIUOgZwAe8WnjZDWdy92qmdyubtD4VfUEWvU=:YTWoC87fakwLAV2PaQqNhhvnu0WIIq/e2frdWKO/TmQ=" },
    };

    /// <summary>User, password and the MD5 hash PostgreSQL stored.</summary>
    public static TheoryData<string, string, string> Md5Hashes => new()
    {
        { "md5_ascii", "pencil", "md53eecc8550fda0ae7dbaece29af03c588" },
        { "j\u00F6hn", "p\u00E4ssword", "md5337d28ba23eef41b11802807465eec58" },
    };

    /// <summary>User, password, the 4-byte salt PostgreSQL sent and libpq's PasswordMessage answer.</summary>
    public static TheoryData<string, string, byte[], string> Md5Exchanges => new()
    {
        { "md5_ascii", "pencil", [0xC8, 0x94, 0x74, 0x30], "md5ad9f9fc2a252b1f9a42e3ddc536e9a28" },
        { "j\u00F6hn", "p\u00E4ssword", "[qm<"u8.ToArray(), "md5ceb454451dcb719cab2cac2c9ae2b9ab" },
    };

    /// <summary>libpq logging in successfully, by name.</summary>
    public static IReadOnlyDictionary<string, ScramTranscript> Exchanges { get; } = new Dictionary<string, ScramTranscript>
    {
        ["libpq_ascii"] = new ScramTranscript(
            "pencil",
            "SCRAM-SHA-256$4096:vbTeOMScyg45Bms/FgOI1w==$n8WgTmQtv7cBuUn/Zelm5YG1JTacj9E4bLZlgaYnyeU=:n3GTxyQ5//u2yizb9/g5i4anpiySdACbGtk+7bmwUjs=",
            ClientNonce: "viwOOinMmQlbrOC36y5Rox38",
            ServerNonce: "J9dA9H04be1klihJtxIyRaVy",
            ClientFirst: "n,,n=,r=viwOOinMmQlbrOC36y5Rox38",
            ServerFirst: "r=viwOOinMmQlbrOC36y5Rox38J9dA9H04be1klihJtxIyRaVy,s=vbTeOMScyg45Bms/FgOI1w==,i=4096",
            ClientFinal: "c=biws,r=viwOOinMmQlbrOC36y5Rox38J9dA9H04be1klihJtxIyRaVy,p=QIsO+LPb2wK8HPrOcnPl+bNffP6X+CLf8euxkUw6qCs=",
            ServerFinal: "v=ZGk+f3gRUZYdOYlbYj58pXpP6IS4blP+UAgQOxlSew4="),
        ["libpq_nfkc"] = new ScramTranscript(
            "\uFF30\uFF41\uFF53\uFF53\u2168\u00E9e\u0301",
            "SCRAM-SHA-256$4096:JTtpq+iyX0DRsPVTLgDLlQ==$REQgJ6MFb8+0VlyyuNnSTIwwN3FMcwkacaEEmQXSZvI=:k0uycMDMw+dwoxnth/PqHZafZGNBpy+xdCibPHz5xkE=",
            ClientNonce: "ecp89/xzvEp7WC4RZobtfsbi",
            ServerNonce: "pk0Eunw/vdKEM3CG1f1I+PYD",
            ClientFirst: "n,,n=,r=ecp89/xzvEp7WC4RZobtfsbi",
            ServerFirst: "r=ecp89/xzvEp7WC4RZobtfsbipk0Eunw/vdKEM3CG1f1I+PYD,s=JTtpq+iyX0DRsPVTLgDLlQ==,i=4096",
            ClientFinal: "c=biws,r=ecp89/xzvEp7WC4RZobtfsbipk0Eunw/vdKEM3CG1f1I+PYD,p=i/EBa5UltawjMBQGY2WtpXO7Np5cYOSkSxNTNywnfpo=",
            ServerFinal: "v=v3diKq91ky9EgFWFWzHwqXsskbfSk9Cw6Xho9IpLCBM="),
    };

    /// <summary>libpq logging in as scram_ascii with "wrongpass"; PostgreSQL answered 28P01.</summary>
    public static readonly ScramTranscript WrongPassword = new(
        "wrongpass",
        "SCRAM-SHA-256$4096:vbTeOMScyg45Bms/FgOI1w==$n8WgTmQtv7cBuUn/Zelm5YG1JTacj9E4bLZlgaYnyeU=:n3GTxyQ5//u2yizb9/g5i4anpiySdACbGtk+7bmwUjs=",
        ClientNonce: "QQIo4kb/wdW/2x3a2q8bWBzU",
        ServerNonce: "wqg7pXwYdLrpCDv0qf2lT0sz",
        ClientFirst: "n,,n=,r=QQIo4kb/wdW/2x3a2q8bWBzU",
        ServerFirst: "r=QQIo4kb/wdW/2x3a2q8bWBzUwqg7pXwYdLrpCDv0qf2lT0sz,s=vbTeOMScyg45Bms/FgOI1w==,i=4096",
        ClientFinal: "c=biws,r=QQIo4kb/wdW/2x3a2q8bWBzUwqg7pXwYdLrpCDv0qf2lT0sz,p=DAlEy6yONMZ7YvANG0vENDXkRVUuhLB8GXzpfhaFfSM=",
        ServerFinal: "");

    /// <summary>RFC 7677 section 3: user "user", password "pencil".</summary>
    public static readonly ScramTranscript Rfc7677 = new(
        "pencil",
        Verifier: "",
        ClientNonce: "rOprNGfwEbeRWgbNEkqO",
        ServerNonce: "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
        ClientFirst: "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
        ServerFirst: "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        ClientFinal: "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
        ServerFinal: "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
}

/// <summary>One SCRAM exchange as seen on the wire.</summary>
internal sealed record ScramTranscript(
    string Password,
    string Verifier,
    string ClientNonce,
    string ServerNonce,
    string ClientFirst,
    string ServerFirst,
    string ClientFinal,
    string ServerFinal);
