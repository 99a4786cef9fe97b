"""Crops a region of an 8-bit, non-interlaced PNG (grey, grey+alpha, RGB or RGBA; written grey from the first channel)
and enlarges it k times (nearest neighbour), to show a few tiles of a weight mosaic at a readable size.
The standard library only: Debian's python3 has no imaging library and this machine no ImageMagick.
Usage: python3 tools/png_crop.py IN.png OUT.png X Y WIDTH HEIGHT K"""
import sys, zlib, struct
def read(path):
    data = open(path, 'rb').read(); pos = 8; idat = b''
    while pos < len(data):
        n, t = struct.unpack('>I4s', data[pos:pos+8]); body = data[pos+8:pos+8+n]; pos += 12 + n
        if t == b'IHDR': w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
        elif t == b'IDAT': idat += body
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]; raw = zlib.decompress(idat); stride = w * bpp; rows = []; prev = bytearray(stride); i = 0
    for _ in range(h):
        f = raw[i]; line = bytearray(raw[i+1:i+1+stride]); i += 1 + stride
        for x in range(stride):
            a = line[x-bpp] if x >= bpp else 0; b = prev[x]; c = prev[x-bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p-a), abs(p-b), abs(p-c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line[0::bpp])); prev = line
    return w, h, rows
def write(path, rows):
    h, w = len(rows), len(rows[0]); raw = b''.join(b'\0' + r for r in rows)
    chunk = lambda t, b: struct.pack('>I', len(b)) + t + b + struct.pack('>I', zlib.crc32(t + b))
    open(path, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
_, _, rows = read(sys.argv[1]); x, y, w, h, k = map(int, sys.argv[3:8])
out = [bytes(b for px in r[x:x+w] for b in [px]*k) for r in rows[y:y+h] for _ in range(k)]
write(sys.argv[2], out)
