//! What head office says, in English (on the wire, in `--json` and in its log) and in
//! Persian (for `vafa-hq --lang fa`, and for a till's cashier who reads Persian): its
//! errors and refusals (`errors`) and its command line's prose (`cli`).

pub mod cli;
pub mod errors;

pub use errors::to_client;

use vafa_core::lang::Lang;

/// The code of a record the till kept back because alone it is over head office's limit.
pub const RECORD_TOO_LARGE: &str = "record_too_large";

/// Why the till kept a record back (parked, not sent again): alone it is `bytes` long and
/// head office takes at most `max` per push. The rest of the outbox goes on.
pub fn record_too_large(bytes: usize, max: usize, l: Lang) -> String {
    let kib = |b: usize| b.div_ceil(1024);
    match l {
        Lang::Fa => format!(
            "این رکورد {} کیلوبایت است و دفتر مرکزی هر بار حداکثر {} کیلوبایت می‌پذیرد؛ نگه داشته شد و بقیه فرستاده می‌شود (با پشتیبانی تماس بگیرید)",
            vafa_core::digits::to_persian_digits(&kib(bytes).to_string()),
            vafa_core::digits::to_persian_digits(&kib(max).to_string())
        ),
        Lang::En => format!(
            "this record is {} KiB and head office takes at most {} KiB per push: it is kept back and the rest is sent (call support)",
            kib(bytes),
            kib(max)
        ),
    }
}

/// What head office's refusal codes mean, in Persian, for a till whose cashier reads
/// Persian (head office's own message, in English, stays in `--json` and the logs).
pub fn hq_code_fa(code: &str) -> Option<&'static str> {
    Some(match code {
        "protocol_version" => {
            "نسخه‌ی این صندوق با دفتر مرکزی نمی‌خواند؛ برنامه‌ی صندوق یا دفتر مرکزی را به‌روز کنید"
        }
        "too_large" | "batch_too_large" => "بسته‌ی فرستاده‌شده بیش از اندازه بزرگ است",
        "malformed" | "bad_sequence" => "داده‌ی فرستاده‌شده خراب یا ناقص بود؛ دوباره فرستاده می‌شود",
        "wrong_branch" => "این صندوق فقط می‌تواند رکوردهای شعبه‌ی خودش را بفرستد",
        "unknown_kind" => "دفتر مرکزی این نوع رکورد را نمی‌شناسد؛ دفتر مرکزی را به‌روز کنید",
        "bad_record" => "دفتر مرکزی این رکورد را ناقص یا نادرست دانست",
        "head_office_only" => "این رکورد را فقط دفتر مرکزی می‌نویسد، نه صندوق",
        "entry_out_of_place" => "ردیف دفتر بیرون از فروش یا ابطالی که آن را توجیه کند آمده است",
        "bad_amount" => "مبلغ ممکن نیست (صفر، با علامت نادرست، یا بیش از اندازه)",
        "unknown_member" => "این عضو در دفتر مرکزی نیست",
        "unknown_lot" => "این بسته‌ی اعتبار در دفتر مرکزی نیست",
        "unknown_sale" => "این فروش در دفتر مرکزی نیست",
        "lot_mismatch" => "بسته‌ی اعتبار با این عضو یا حساب نمی‌خواند، یا هرگز این‌قدر نداشته است",
        "not_your_member" => "این عضو از شعبه‌ی دیگری است و این کار فقط با آن شعبه است",
        "sale_mismatch" => "ردیف‌های دفتر با خود فروش نمی‌خواند",
        "already_voided" => "این فروش پیش‌تر باطل شده است",
        "future_time" => "زمان رکورد از ساعت دفتر مرکزی جلوتر است؛ ساعت صندوق را درست کنید",
        "not_expired" => "این بسته‌ی اعتبار هنوز منقضی نشده است",
        "missing_reason" => "اصلاح موجودی بدون دلیل پذیرفته نمی‌شود",
        "held_for_head_office" => "تغییر موبایل عضو شعبه‌ی دیگر تا تصمیم دفتر مرکزی نگه داشته شد",
        "bad_text" => "نام یا متن نویسه‌ی کنترلی یا تغییر جهت دارد یا بیش از اندازه بلند است",
        "storage" => "پایگاه داده‌ی دفتر مرکزی موقتاً در دسترس نیست؛ بعداً دوباره تلاش می‌شود",
        "internal" => "خطای داخلی در دفتر مرکزی؛ بعداً دوباره تلاش می‌شود",
        "busy" => "دفتر مرکزی اکنون سرش شلوغ است؛ کمی بعد دوباره تلاش می‌شود",
        "record_too_large" => {
            "این رکورد به‌تنهایی از بزرگ‌ترین بسته‌ای که دفتر مرکزی می‌پذیرد بزرگ‌تر است و نگه داشته شد"
        }
        _ => return None,
    })
}

/// What kind of fault head office's `code` is, in Persian: for a message that has no
/// Persian sentence of its own (the technical detail follows it).
pub fn hq_kind_fa(code: &str) -> &'static str {
    match code {
        "storage" => "پایگاه داده‌ی دفتر مرکزی در دسترس نیست یا خطا داد",
        "listen" | "serve" | "runtime" => "دفتر مرکزی نتوانست راه بیفتد",
        "tls" => "گواهی یا کلید TLS خوانده نشد",
        "io" => "پرونده خوانده نشد",
        _ => hq_code_fa(code).unwrap_or("خطا"),
    }
}
