//! A [`Bitmap`] as a 1-bit greyscale PNG (to look at a slip, and the tests' reference
//! pictures), and back.

use super::Bitmap;

/// The PNG file of `b`: 1 bit a dot, black = 0 as PNG greyscale has it.
pub fn encode(b: &Bitmap) -> Result<Vec<u8>, String> {
    let bpr = b.width().div_ceil(8);
    let mut data = vec![0xFFu8; (bpr * b.height()) as usize];
    for y in 0..b.height() {
        for x in 0..b.width() {
            if b.get(x, y) {
                data[(y * bpr + x / 8) as usize] &= !(0x80 >> (x % 8));
            }
        }
    }
    let mut out = Vec::new();
    let mut enc = ::png::Encoder::new(&mut out, b.width(), b.height());
    enc.set_color(::png::ColorType::Grayscale);
    enc.set_depth(::png::BitDepth::One);
    enc.set_compression(::png::Compression::High);
    let mut w = enc.write_header().map_err(|e| e.to_string())?;
    w.write_image_data(&data).map_err(|e| e.to_string())?;
    w.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// The picture in a PNG file (any greyscale depth; a dot is black below half grey).
pub fn decode(bytes: &[u8]) -> Result<Bitmap, String> {
    let mut dec = ::png::Decoder::new(std::io::Cursor::new(bytes));
    dec.set_transformations(::png::Transformations::EXPAND | ::png::Transformations::STRIP_16);
    let mut reader = dec.read_info().map_err(|e| e.to_string())?;
    let mut buf = vec![0; reader.output_buffer_size().ok_or("too large")?];
    let info = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    let channels = info.color_type.samples();
    let mut b = Bitmap::new(info.width, info.height);
    for y in 0..info.height {
        let row = &buf[y as usize * info.line_size..];
        for x in 0..info.width {
            let v = row[x as usize * channels];
            b.set(i64::from(x), i64::from(y), v < 128);
        }
    }
    Ok(b)
}
