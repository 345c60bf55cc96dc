namespace SensorWatch.Core.Tests.Snapshots;

/// <summary>
/// A model file written by the format-version-1 build (commit 9ae77d9, before the residual predictor):
/// <c>sensorwatch train --input tiny.csv --window 8 --stride 2 --hidden 4 --latent 2 --epochs 2 --threads 1</c> on three
/// sine sensors, with the first 4 windows of its input and the scores that build gave them
/// (<c>sensorwatch score --per-window --stride 8</c>). Newer builds must read it and score it exactly the same.
/// </summary>
internal static class FormatVersion1Fixture
{
    public const int Windows = 4;

    /// <summary>(4, 8, 3) raw windows: rows 0..31 of the training input.</summary>
    public static readonly float[] Values =
    [
        10.0644f, 50.0725f, 1.0033f, 10.2206f, 50.1524f, 0.9675f, 10.4489f, 50.3282f, 0.876f, 10.7138f, 50.593f, 0.6614f,
        10.8663f, 50.6896f, 0.4247f, 10.9928f, 50.7888f, 0.3783f, 11.0101f, 50.7928f, 0.0616f, 10.9759f, 50.8182f, -0.2771f,
        10.8769f, 50.744f, -0.4652f, 10.7135f, 50.5116f, -0.6848f, 10.5038f, 50.436f, -0.8552f, 10.3132f, 50.2045f, -0.9558f,
        10.0333f, 49.9457f, -1.0201f, 9.7162f, 49.892f, -0.9706f, 9.5326f, 49.631f, -0.8801f, 9.2154f, 49.4826f, -0.7275f,
        9.1699f, 49.2419f, -0.5219f, 9.0969f, 49.2988f, -0.3239f, 8.9334f, 49.1978f, 0.0364f, 9.0421f, 49.2424f, 0.2094f,
        9.1633f, 49.363f, 0.4782f, 9.2212f, 49.3964f, 0.7452f, 9.4133f, 49.5954f, 0.8165f, 9.7346f, 49.7807f, 0.9667f,
        10.0751f, 50.021f, 1.0667f, 10.2517f, 50.1831f, 0.9849f, 10.3582f, 50.398f, 0.874f, 10.6453f, 50.5889f, 0.6791f,
        10.7431f, 50.6822f, 0.4511f, 10.9399f, 50.7651f, 0.3214f, 11.0052f, 50.7986f, 0.0195f, 10.8753f, 50.8347f, -0.3127f,
    ];

    /// <summary>The scores the version-1 build gave the 4 windows (CSV, shortest round-trip doubles).</summary>
    public static readonly double[] Scores = [1.785740544386047, 2.62753435489415, 2.4234199723954912, 1.9476882654204979];

    public static byte[] Model => Convert.FromBase64String(string.Concat(s_base64));

    private static readonly string[] s_base64 =
    [
        "U1dNT0RFTBoBAAAAggcAACQEAAAAAAAAQWC3TeQlh3Evjjw1zUR63jbT66abwvypP+usTqdqNfB7ImZvcm1hdCI6InNlbnNvcndhdGNoLW1vZGVsIiwiYXJj",
        "aGl0ZWN0dXJlIjp7ImZlYXR1cmVzIjozLCJ3aW5kb3dMZW5ndGgiOjgsImhpZGRlbiI6NCwibGF5ZXJzIjoxLCJsYXRlbnQiOjIsInZhcmlhbnQiOiJwbGFp",
        "biJ9LCJmZWF0dXJlTmFtZXMiOlsiYSIsImIiLCJjIl0sIm5vcm1hbGlzYXRpb24iOnsibWVhbnMiOlsxMC4wMDk3OTY1NTY4MzA0MDUsNTAuMDE2NzcwMDY0",
        "ODMwNzgsMC4wMTM0MjY4NzM4NTc2NzkyNjddLCJzY2FsZXMiOlswLjcwNzA2NDM2MDIzMTEwNTUsMC41NjY3ODQyNjU0ODk5NzczLDAuNzA2NjI5MjIzMTU0",
        "MzAxNV0sImNsaXAiOjIwfSwic2NvcmluZyI6eyJtb2RlIjoibWFoYWxhbm9iaXMiLCJ0YWlsU3RlcHMiOjgsImVycm9yTWVhbiI6Wy0wLjE0MTM4NjIwOTE4",
        "NzcxODc0LC0wLjE0NTY4NTY5MTUxODM5ODY0LC0wLjA4MzI1MDA3MDQ3MTkzNzQ2XSwiZXJyb3JWYXJpYW5jZSI6WzAuOTc4MjE0ODc1OTY5NzcxLDEuMDI1",
        "NTEwMjk5MTc0ODA5LDAuOTQ3ODQ2ODQ5NTcyOTE0OV0sInByZWNpc2lvbiI6WzIwLjkzOTA4NjMwMzg0NjA0NywtMTkuOTIzNTE5OTE4NDQxODMzLDAuMjc1",
        "NDIxNjkxNjg3NzEwMywtMTkuOTIzNTE5OTE4NDQxODMzLDE5LjkzNzgyNzczMTQxOTU0NiwtMC4xODU3MTYzMzE4Njk4NDMxMywwLjI3NTQyMTY5MTY4Nzcx",
        "MDMsLTAuMTg1NzE2MzMxODY5ODQzMTMsMS4wNjQ1ODk2MDQ0OTQ3NzldLCJzaHJpbmthZ2UiOjAuMDE5NjEyMjQyMzExODU1MjAzfSwidGhyZXNob2xkIjp7",
        "Im1ldGhvZCI6InBlYWtzT3ZlclRocmVzaG9sZCIsInRhcmdldEZhbHNlQWxhcm1SYXRlIjowLjAwMSwidGhyZXNob2xkIjozLjQ3OTQ3NzY0MDkyNTkyMiwi",
        "dGFpbFN0YXJ0IjozLjMzNjUyNTEyNTU1Mjk5NiwidGFpbFNjYWxlIjowLCJ0YWlsU2hhcGUiOjAsInRhaWxGcmFjdGlvbiI6MC4wMTM2OTg2MzAxMzY5ODYz",
        "LCJjYWxpYnJhdGlvbkNvdW50Ijo3MywiZml0TWV0aG9kIjoibm9uZSJ9LCJpbXB1dGF0aW9uIjp7Im1heE1pc3NpbmdGcmFjdGlvbiI6MC4yLCJpdGVyYXRp",
        "b25zIjozfSwidHJhaW5pbmciOnsicm93cyI6NDAwLCJ3aW5kb3dzIjoyMzAsInRyYWluV2luZG93cyI6MTQyLCJ2YWxpZGF0aW9uV2luZG93cyI6MTUsImNh",
        "bGlicmF0aW9uV2luZG93cyI6NzMsImNhbGlicmF0aW9uQWxhcm1SYXRlIjowLjAxMzY5ODYzMDEzNjk4NjMsInN0cmlkZSI6MiwiZXBvY2hzUnVuIjoyLCJi",
        "ZXN0RXBvY2giOjIsInRyYWluTG9zc2VzIjpbMC45OTkwNjk0MTA1OTk5MDg4LDAuOTk2NzIzNTEzMDE3NjI5XSwidmFsaWRhdGlvbkxvc3NlcyI6WzEuMDAx",
        "Njc4NTc1NjkzNTEzNCwwLjk5OTkwNTcxMTI5NTEwNjldLCJzZWVkIjo0MiwidHJhaW5lZEF0IjoiMjAyNi0xMS0yNFQxNDowNDowOC42NzQ2ODAxKzAwOjAw",
        "IiwiZHVyYXRpb25TZWNvbmRzIjowLjI3NjM0MTcsImNvbnZlcmdlZCI6dHJ1ZSwiZmFpbHVyZVJlYXNvbiI6bnVsbCwiY29kZVZlcnNpb24iOiIwLjEuMC4w",
        "IiwibGluZWFnZSI6eyJzb3VyY2UiOiJ0aW55LmNzdiIsInRyaWdnZXIiOiJjbGkifX0sInRlbnNvcnMiOlt7Im5hbWUiOiJlbmNvZGVyLjAud3giLCJzaGFw",
        "ZSI6WzMsMTZdfSx7Im5hbWUiOiJlbmNvZGVyLjAud2giLCJzaGFwZSI6WzQsMTZdfSx7Im5hbWUiOiJlbmNvZGVyLjAuYiIsInNoYXBlIjpbMTZdfSx7Im5h",
        "bWUiOiJsYXRlbnQudyIsInNoYXBlIjpbNCwyXX0seyJuYW1lIjoibGF0ZW50LmIiLCJzaGFwZSI6WzJdfSx7Im5hbWUiOiJkZWNvZGVyLjAud3giLCJzaGFw",
        "ZSI6WzIsMTZdfSx7Im5hbWUiOiJkZWNvZGVyLjAud2giLCJzaGFwZSI6WzQsMTZdfSx7Im5hbWUiOiJkZWNvZGVyLjAuYiIsInNoYXBlIjpbMTZdfSx7Im5h",
        "bWUiOiJvdXRwdXQudyIsInNoYXBlIjpbNCwzXX0seyJuYW1lIjoib3V0cHV0LmIiLCJzaGFwZSI6WzNdfV0sImZsYXRsaW5lTGltaXRzIjpbOCw4LDhdfUVX",
        "pz4arkG9i7J/vjzXVzvYIZQ+tbzvvgeFzL5ql+E+zDvxvWiC8r41aq8+11eoPk7dL76mPtu+zrmcPrR/mb43keS+Yzn1POfi5j5NXZo+3sRBPs1Igjq8DxM+",
        "vAlFvhmN876iOrK+PvPovqsTnb641uk83V9gvjiqTL4WDuO+9X0hvWUvMz52AR09yNytviJMzj40q/G9RXRAPuciHD2BX5W+FhN4vubS/Lxzw1w+ilrBvu+8",
        "mj4796I+NkaUvr8OgL0cbpY+KhUBv+Yz5j1w1fW+DwjvvhKKxb6IOaQ+FC53vijfuD3zfLM+TJqwPn7yq74pleY8kbHmPUYyzb2LJoW+hVKjvWK25jszSis+",
        "RIgOPrmhQjz7y789K8emvpJ56L7yYoQ+3GjsvmQeQb55rec+1C/Kvbkmoj6p7L4+AnbzvqNNpr5XEck+xk2SPsYX3j6FyUo+fxdnvj/coj4BE8o+rpalvbAU",
        "IrzylKM+vW0lPqIV4L1p2Lm9zGi5vp39Ur6eS+W+FfhbvfbeWzvbDug+8CEiPuEHkz2O5wC/OeWsvc5A3jwXixm9yBSZPtIAQj5KF0I+x7fuPjcsRb69/sO7",
        "rlXDOzM6FDtd1b07oHp+P9LCgD9gw4A/FsOAP4JTQ7rBfMg67YyUuwjarbvmE8O7dJrDO1yLsjtQ6bE7nUoEPdfY7b5jZq++JLafPmfAkb5KX6c+G1M5vjtS",
        "u75CLb07FsS7up4BzT4F8Fs+VJttPnf4Hb7JaJ4+J0gfvrHTJz1nMYK9JHabvgsmKb5anM49kW/VPmVYfj5Mvrm+IfA3PkJD8D6VdqW+j3C5PuW+Hr4swV++",
        "kEx/PbsJob5Qu/8+NSrAvuT0LT6QVK6+rCu4vg0KtL5EDcY+em+IPVAr1D6shKw+VJOgvqmBnD5mo2c+ynSBPlhHQr4hV9m+LMtgvs0ROL7khuy+fJnsvoJz",
        "cr0Q8EM96VsLvqPpjL5zZJW+6zPGvkn4h76d2ec+1hFCvoE8/L5HxQe+kSjrvjgzu76L3N++k0y7Pk1FtT707H2+NZ1sPoTe4z7qhsi+HN0fPgooXD7oJMC9",
        "A5XUPnkcXT5+3Fa+hHerPintyz5yX+k+vcI/vhswuL5fSUg+8J+CPjSc6D4Ao8W9WAjlvtk84L6MGqw+LyQSPoD8177hzng+NU6pPjOvrjuUFs0+R/AyPIYF",
        "2T54pG+9zr3EviJATj5Y/+8+U8rkPqhDuz5b574+SHpKvmU5vDuHtLS7FMW/O5Gdvbtmv4A/eqV+Px6/gD8noH4/5NA+u5nbATriAO868PKsO39FvDsH37S7",
        "8dK/O64mvbutsp498E2evnY/kz5EnCs+JOe2PiIFIT6C5Zg9fYAFPhKbpz6TO7I+OK+LviMJ2rvfoqg6Nk5gOp5FSzk=",
    ];
}
