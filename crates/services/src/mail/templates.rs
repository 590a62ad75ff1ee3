//! The registry of every mail the product sends: its key, what it is for, the placeholders it offers and its
//! default texts per language (English and Arabic; other languages fall back to English). Owners may replace the
//! subject and body per language (`brand::mail_templates`); the button's label stays ours.

/// Offered by every template: the brand's product name.
pub const PRODUCT: &str = "product";
/// Offered by every template that has a button: where it leads (on the brand's own domain).
pub const LINK: &str = "link";

/// One language's texts of a template. `body` is plain text: blank lines separate paragraphs.
#[derive(Debug, Clone, Copy)]
pub struct Texts {
    pub locale: &'static str,
    pub subject: &'static str,
    pub body: &'static str,
    pub button: &'static str,
}

#[derive(Debug)]
pub struct TemplateDef {
    pub key: &'static str,
    pub description: &'static str,
    /// Placeholders the caller fills (besides `product`, which every template offers); `link` is the button's.
    pub placeholders: &'static [&'static str],
    /// English first: the fallback of every other language.
    pub texts: &'static [Texts],
    /// Values a preview or a test send shows, one per placeholder (the link is built on the brand's domain).
    pub samples: &'static [(&'static str, &'static str)],
    /// The samples that are words rather than names or numbers, in Arabic.
    pub samples_ar: &'static [(&'static str, &'static str)],
    /// Where a preview's button leads, on the brand's domain.
    pub sample_path: &'static str,
}

impl TemplateDef {
    /// The texts in `locale`, when this template has them.
    pub fn texts_in(&self, locale: &str) -> Option<&'static Texts> {
        self.texts.iter().find(|t| t.locale == locale)
    }

    /// The texts in `locale`, else in English.
    pub fn texts_or_english(&self, locale: &str) -> &'static Texts {
        self.texts_in(locale).unwrap_or(&self.texts[0])
    }

    /// Every placeholder an owner's text may use: `product` and the template's own.
    pub fn allowed(&self) -> Vec<&'static str> {
        std::iter::once(PRODUCT).chain(self.placeholders.iter().copied()).collect()
    }
}

/// The languages the product is written in; mails in any other fall back to English.
pub const LOCALES: &[&str] = &["en", "ar"];

pub fn find(key: &str) -> Option<&'static TemplateDef> {
    TEMPLATES.iter().find(|t| t.key == key)
}

pub const TEMPLATES: &[TemplateDef] = &[
    TemplateDef {
        key: "welcome",
        description: "To a new workspace's owner, right after sign-up.",
        placeholders: &["name", "workspace", LINK],
        texts: &[
            Texts {
                locale: "en",
                subject: "Welcome to {{product}}, {{name}}",
                body: "Hi {{name}},\n\nYour workspace \"{{workspace}}\" is ready. Sign in to connect your WhatsApp number and invite your team.",
                button: "Open {{product}}",
            },
            Texts {
                locale: "ar",
                subject: "مرحبًا بك في {{product}} يا {{name}}",
                body: "مرحبًا {{name}}،\n\nمساحة العمل \"{{workspace}}\" جاهزة. سجّل الدخول لتربط رقم واتساب وتدعو فريقك.",
                button: "افتح {{product}}",
            },
        ],
        samples: &[("name", "Layla"), ("workspace", "Acme Store")],
        samples_ar: &[],
        sample_path: "/login",
    },
    TemplateDef {
        key: "invitation",
        description: "An invitation to join a workspace, with the link to accept it.",
        placeholders: &["inviter", "workspace", "role", LINK, "days"],
        texts: &[
            Texts {
                locale: "en",
                subject: "{{inviter}} invited you to {{workspace}} on {{product}}",
                body: "{{inviter}} invited you to join \"{{workspace}}\" on {{product}} as {{role}}.\n\nThe link works for {{days}} days.",
                button: "Accept the invitation",
            },
            Texts {
                locale: "ar",
                subject: "{{inviter}} يدعوك إلى {{workspace}} على {{product}}",
                body: "يدعوك {{inviter}} للانضمام إلى \"{{workspace}}\" على {{product}} بصفة {{role}}.\n\nيعمل الرابط لمدة {{days}} يومًا.",
                button: "اقبل الدعوة",
            },
        ],
        samples: &[("inviter", "Omar Haddad"), ("workspace", "Acme Store"), ("role", "agent"), ("days", "7")],
        samples_ar: &[("role", "موظف")],
        sample_path: "/invite/sample",
    },
    TemplateDef {
        key: "password_reset",
        description: "The link to choose a new password, after someone asked for it.",
        placeholders: &["name", LINK, "minutes"],
        texts: &[
            Texts {
                locale: "en",
                subject: "Reset your {{product}} password",
                body: "Hi {{name}},\n\nSomeone asked to reset your {{product}} password. If it was you, choose a new one with the button below. The link works for {{minutes}} minutes, once.\n\nIf it was not you, ignore this mail.",
                button: "Choose a new password",
            },
            Texts {
                locale: "ar",
                subject: "إعادة تعيين كلمة مرور {{product}}",
                body: "مرحبًا {{name}}،\n\nطلب أحدهم إعادة تعيين كلمة مرورك في {{product}}. إن كنت أنت، فاختر كلمة مرور جديدة من الزر أدناه. يعمل الرابط مرة واحدة لمدة {{minutes}} دقيقة.\n\nإن لم تكن أنت، فتجاهل هذه الرسالة.",
                button: "اختر كلمة مرور جديدة",
            },
        ],
        samples: &[("name", "Layla"), ("minutes", "60")],
        samples_ar: &[],
        sample_path: "/reset-password?token=sample",
    },
    TemplateDef {
        key: "new_sign_in",
        description: "A sign-in from a device not seen in the last 90 days.",
        placeholders: &["name", "device", "ip", "time", LINK],
        texts: &[
            Texts {
                locale: "en",
                subject: "New sign-in to {{product}}",
                body: "Hi {{name}},\n\nYour {{product}} account was just signed in to from a device we had not seen:\n{{device}}\nAddress: {{ip}}\nTime: {{time}}\n\nIf it was you, nothing to do. If not, end that session and change your password.",
                button: "Review your sessions",
            },
            Texts {
                locale: "ar",
                subject: "تسجيل دخول جديد إلى {{product}}",
                body: "مرحبًا {{name}}،\n\nسُجّل الدخول إلى حسابك في {{product}} للتو من جهاز لم نره من قبل:\n{{device}}\nالعنوان: {{ip}}\nالوقت: {{time}}\n\nإن كنت أنت، فلا شيء عليك. وإلا فأنهِ تلك الجلسة وغيّر كلمة مرورك.",
                button: "راجع جلساتك",
            },
        ],
        samples: &[
            ("name", "Layla"),
            ("device", "Firefox on Linux"),
            ("ip", "203.0.113.7"),
            ("time", "2025-01-31 09:12 UTC"),
        ],
        samples_ar: &[("device", "Firefox على Linux")],
        sample_path: "/settings/security",
    },
    TemplateDef {
        key: "payment_receipt",
        description: "A receipt for a paid invoice, to the workspace's owners.",
        placeholders: &["plan", "amount", "number", LINK],
        texts: &[
            Texts {
                locale: "en",
                subject: "Receipt {{number}}: {{amount}} for {{product}} {{plan}}",
                body: "Thank you: we received {{amount}} for your {{plan}} plan (invoice {{number}}).",
                button: "View the invoice",
            },
            Texts {
                locale: "ar",
                subject: "إيصال {{number}}: {{amount}} لخطة {{plan}} في {{product}}",
                body: "شكرًا لك: استلمنا {{amount}} مقابل خطة {{plan}} (الفاتورة {{number}}).",
                button: "اعرض الفاتورة",
            },
        ],
        samples: &[("plan", "Pro"), ("amount", "USD 49.00"), ("number", "INV-0042")],
        samples_ar: &[],
        sample_path: "/app/billing",
    },
    TemplateDef {
        key: "payment_failed",
        description: "A card payment failed; what pauses if it is not made within the grace period.",
        placeholders: &["plan", "amount", "days", LINK],
        texts: &[
            Texts {
                locale: "en",
                subject: "Payment failed for your {{product}} {{plan}} plan",
                body: "We could not charge {{amount}} for your {{plan}} plan.\n\nIf the payment is not made within {{days}} days, campaigns, automated flows and bulk actions pause until it is. Conversations keep working.",
                button: "Fix the payment",
            },
            Texts {
                locale: "ar",
                subject: "تعذّر دفع خطة {{plan}} في {{product}}",
                body: "لم نتمكن من تحصيل {{amount}} مقابل خطة {{plan}}.\n\nإن لم يتم الدفع خلال {{days}} يومًا، تتوقف الحملات والتدفقات الآلية والإجراءات الجماعية حتى يتم. تبقى المحادثات تعمل.",
                button: "أصلح الدفع",
            },
        ],
        samples: &[("plan", "Pro"), ("amount", "USD 49.00"), ("days", "7")],
        samples_ar: &[],
        sample_path: "/app/billing",
    },
    TemplateDef {
        key: "trial_ending",
        description: "The trial ends in a few days.",
        placeholders: &["plan", "days", LINK],
        texts: &[
            Texts {
                locale: "en",
                subject: "Your {{product}} trial ends in {{days}} days",
                body: "Your trial of the {{plan}} plan ends in {{days}} days.\n\nChoose a plan and add a card to keep campaigns, flows and bulk actions running.",
                button: "Choose a plan",
            },
            Texts {
                locale: "ar",
                subject: "تنتهي تجربتك في {{product}} خلال {{days}} أيام",
                body: "تنتهي تجربتك لخطة {{plan}} خلال {{days}} أيام.\n\nاختر خطة وأضف بطاقة لتبقى الحملات والتدفقات والإجراءات الجماعية تعمل.",
                button: "اختر خطة",
            },
        ],
        samples: &[("plan", "Pro"), ("days", "3")],
        samples_ar: &[],
        sample_path: "/app/billing",
    },
    TemplateDef {
        key: "trial_ended",
        description: "The trial ended without a payment method; what is paused.",
        placeholders: &["plan", LINK],
        texts: &[
            Texts {
                locale: "en",
                subject: "Your {{product}} trial has ended",
                body: "Your trial of the {{plan}} plan has ended without a payment method, so campaigns, automated flows and bulk actions are paused. Conversations keep working.",
                button: "Subscribe",
            },
            Texts {
                locale: "ar",
                subject: "انتهت تجربتك في {{product}}",
                body: "انتهت تجربتك لخطة {{plan}} دون وسيلة دفع، لذا توقفت الحملات والتدفقات الآلية والإجراءات الجماعية. تبقى المحادثات تعمل.",
                button: "اشترك",
            },
        ],
        samples: &[("plan", "Pro")],
        samples_ar: &[],
        sample_path: "/app/billing",
    },
    TemplateDef {
        key: "plan_changed",
        description: "The workspace's plan changes (now or at the end of the period).",
        placeholders: &["from", "to", "when", LINK],
        texts: &[
            Texts {
                locale: "en",
                subject: "Your {{product}} plan changes to {{to}}",
                body: "Your plan changes from {{from}} to {{to}} {{when}}.",
                button: "Open billing",
            },
            Texts {
                locale: "ar",
                subject: "تتغير خطتك في {{product}} إلى {{to}}",
                body: "تتغير خطتك من {{from}} إلى {{to}} {{when}}.",
                button: "افتح الفوترة",
            },
        ],
        samples: &[("from", "Starter"), ("to", "Pro"), ("when", "on 2025-02-01")],
        samples_ar: &[("when", "في 2025-02-01")],
        sample_path: "/app/billing",
    },
    TemplateDef {
        key: "subscription_cancelled",
        description: "The subscription is cancelled at the end of the period.",
        placeholders: &["plan", "until", LINK],
        texts: &[
            Texts {
                locale: "en",
                subject: "Your {{product}} subscription is cancelled",
                body: "Your {{plan}} subscription is cancelled {{until}}. You can resume it before then.",
                button: "Open billing",
            },
            Texts {
                locale: "ar",
                subject: "أُلغي اشتراكك في {{product}}",
                body: "أُلغي اشتراكك في خطة {{plan}} {{until}}. يمكنك استئنافه قبل ذلك.",
                button: "افتح الفوترة",
            },
        ],
        samples: &[("plan", "Pro"), ("until", "at the end of the period, on 2025-02-01")],
        samples_ar: &[("until", "في نهاية الفترة، في 2025-02-01")],
        sample_path: "/app/billing",
    },
    TemplateDef {
        key: "usage_warning",
        description: "The workspace used 75% or 90% of a limit of its plan.",
        placeholders: &["plan", "what", "percent", "used", "limit", LINK],
        texts: &[
            Texts {
                locale: "en",
                subject: "{{product}}: You used {{percent}}% of your {{what}}",
                body: "You used {{percent}}% of your {{what}}: {{used}} of {{limit}} on the {{plan}} plan. Upgrade for more.",
                button: "See plans",
            },
            Texts {
                locale: "ar",
                subject: "{{product}}: استخدمت {{percent}}٪ من {{what}}",
                body: "استخدمت {{percent}}٪ من {{what}}: {{used}} من {{limit}} في خطة {{plan}}. رقِّ خطتك للمزيد.",
                button: "اعرض الخطط",
            },
        ],
        samples: &[("plan", "Pro"), ("what", "contacts"), ("percent", "90"), ("used", "900"), ("limit", "1000")],
        samples_ar: &[("what", "جهات الاتصال")],
        sample_path: "/app/billing",
    },
    TemplateDef {
        key: "usage_limit_reached",
        description: "The workspace reached a limit of its plan.",
        placeholders: &["plan", "what", "used", "limit", LINK],
        texts: &[
            Texts {
                locale: "en",
                subject: "{{product}}: You reached your limit of {{what}}",
                body: "You reached your limit of {{what}}: {{used}} of {{limit}} on the {{plan}} plan. Upgrade for more.",
                button: "See plans",
            },
            Texts {
                locale: "ar",
                subject: "{{product}}: بلغت حدّك من {{what}}",
                body: "بلغت حدّك من {{what}}: {{used}} من {{limit}} في خطة {{plan}}. رقِّ خطتك للمزيد.",
                button: "اعرض الخطط",
            },
        ],
        samples: &[("plan", "Pro"), ("what", "contacts"), ("used", "1000"), ("limit", "1000")],
        samples_ar: &[("what", "جهات الاتصال")],
        sample_path: "/app/billing",
    },
    TemplateDef {
        key: "agency_pays",
        description: "To an agency client's owners: the agency now pays for the workspace.",
        placeholders: &["agency", LINK],
        texts: &[
            Texts {
                locale: "en",
                subject: "{{agency}} now pays for your workspace",
                body: "{{agency}} now pays for your workspace.",
                button: "Open billing",
            },
            Texts {
                locale: "ar",
                subject: "أصبحت {{agency}} تدفع عن مساحة عملك",
                body: "أصبحت {{agency}} تدفع عن مساحة عملك.",
                button: "افتح الفوترة",
            },
        ],
        samples: &[("agency", "Bright Agency")],
        samples_ar: &[],
        sample_path: "/app/billing",
    },
    TemplateDef {
        key: "agency_pays_subscription_ends",
        description: "To an agency client's owners: the agency now pays, and their own subscription ends.",
        placeholders: &["agency", "date", LINK],
        texts: &[
            Texts {
                locale: "en",
                subject: "{{agency}} now pays for your workspace",
                body: "{{agency}} now pays for your workspace.\n\nYour own subscription will not renew: it ends on {{date}} and you are not charged again.",
                button: "Open billing",
            },
            Texts {
                locale: "ar",
                subject: "أصبحت {{agency}} تدفع عن مساحة عملك",
                body: "أصبحت {{agency}} تدفع عن مساحة عملك.\n\nلن يتجدد اشتراكك الخاص: ينتهي في {{date}} ولن تُحاسَب مجددًا.",
                button: "افتح الفوترة",
            },
        ],
        samples: &[("agency", "Bright Agency"), ("date", "2025-02-01")],
        samples_ar: &[],
        sample_path: "/app/billing",
    },
    TemplateDef {
        key: "agency_bills_you",
        description: "To an agency client's owners: the agency stopped paying, the workspace now pays by card.",
        placeholders: &["agency", "days", LINK],
        texts: &[
            Texts {
                locale: "en",
                subject: "{{agency}} now bills your workspace directly",
                body: "{{agency}} no longer pays for your workspace: from now on you pay for it by card.\n\nChoose a plan and add a card within {{days}} days to keep campaigns, flows and bulk actions running. Conversations keep working either way.",
                button: "Choose a plan",
            },
            Texts {
                locale: "ar",
                subject: "أصبحت {{agency}} تحاسب مساحة عملك مباشرة",
                body: "لم تعد {{agency}} تدفع عن مساحة عملك: من الآن تدفع أنت بالبطاقة.\n\nاختر خطة وأضف بطاقة خلال {{days}} يومًا لتبقى الحملات والتدفقات والإجراءات الجماعية تعمل. تبقى المحادثات تعمل في الحالتين.",
                button: "اختر خطة",
            },
        ],
        samples: &[("agency", "Bright Agency"), ("days", "14")],
        samples_ar: &[],
        sample_path: "/app/billing",
    },
    TemplateDef {
        key: "weekly_report",
        description: "The weekly analytics summary, to members who asked for it.",
        placeholders: &["name", "workspace", "from", "to", "summary", LINK],
        texts: &[
            Texts {
                locale: "en",
                subject: "{{workspace}}: your week on {{product}}",
                body: "Hi {{name}},\n\n{{workspace}}'s last 7 days ({{from}} to {{to}}):\n\n{{summary}}",
                button: "Open analytics",
            },
            Texts {
                locale: "ar",
                subject: "{{workspace}}: أسبوعك على {{product}}",
                body: "مرحبًا {{name}}،\n\nآخر 7 أيام في {{workspace}} (من {{from}} إلى {{to}}):\n\n{{summary}}",
                button: "افتح التحليلات",
            },
        ],
        samples: &[
            ("name", "Layla"),
            ("workspace", "Acme Store"),
            ("from", "2025-01-24"),
            ("to", "2025-01-30"),
            (
                "summary",
                "Conversations opened: 42 (the week before: 37)\nMessages received: 310 (the week before: 288)",
            ),
        ],
        samples_ar: &[(
            "summary",
            "المحادثات المفتوحة: 42 (الأسبوع السابق: 37)\nالرسائل المستلمة: 310 (الأسبوع السابق: 288)",
        )],
        sample_path: "/analytics",
    },
    TemplateDef {
        key: "campaign_stopped",
        description: "A campaign stopped on its own, and why.",
        placeholders: &["campaign", "reason", LINK],
        texts: &[
            Texts {
                locale: "en",
                subject: "{{product}}: campaign \"{{campaign}}\" stopped",
                body: "The campaign \"{{campaign}}\" stopped: {{reason}}\n\nOpen it to resume or cancel it.",
                button: "Open campaigns",
            },
            Texts {
                locale: "ar",
                subject: "{{product}}: توقفت الحملة \"{{campaign}}\"",
                body: "توقفت الحملة \"{{campaign}}\": {{reason}}\n\nافتحها لاستئنافها أو إلغائها.",
                button: "افتح الحملات",
            },
        ],
        samples: &[("campaign", "Spring sale"), ("reason", "The plan's monthly message limit was reached.")],
        samples_ar: &[("campaign", "تخفيضات الربيع"), ("reason", "بلغت الخطة حدها الشهري من الرسائل.")],
        sample_path: "/campaigns",
    },
    TemplateDef {
        key: "webhook_disabled",
        description: "A webhook endpoint was turned off after a day of failed deliveries.",
        placeholders: &["url", LINK],
        texts: &[
            Texts {
                locale: "en",
                subject: "{{product}}: a webhook endpoint was turned off",
                body: "Every delivery to {{url}} failed for a day, so the endpoint was turned off. Fix it, then turn it back on and replay what it missed.",
                button: "Open webhooks",
            },
            Texts {
                locale: "ar",
                subject: "{{product}}: أُوقفت نقطة استقبال webhook",
                body: "فشل كل إرسال إلى {{url}} طوال يوم، لذا أُوقفت نقطة الاستقبال. أصلحها ثم أعد تشغيلها وأعد إرسال ما فاتها.",
                button: "افتح الـ webhooks",
            },
        ],
        samples: &[("url", "https://example.com/hooks/parley")],
        samples_ar: &[],
        sample_path: "/settings/webhooks",
    },
    TemplateDef {
        key: "automation_mail",
        description: "A mail an automation rule sends to a member (its subject and text come from the rule).",
        placeholders: &["subject", "message", LINK],
        texts: &[
            Texts { locale: "en", subject: "{{subject}}", body: "{{message}}", button: "Open in {{product}}" },
            Texts { locale: "ar", subject: "{{subject}}", body: "{{message}}", button: "افتح في {{product}}" },
        ],
        samples: &[("subject", "A VIP customer is waiting"), ("message", "Ana wrote to the sales number an hour ago.")],
        samples_ar: &[("subject", "عميل مميز ينتظر"), ("message", "كتبت آنا إلى رقم المبيعات قبل ساعة.")],
        sample_path: "/automations",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::render::placeholders_in;

    #[test]
    fn every_template_has_english_first_and_arabic_and_uses_only_its_placeholders() {
        let mut keys = std::collections::HashSet::new();
        for t in TEMPLATES {
            assert!(keys.insert(t.key), "{} twice", t.key);
            assert!(t.key.len() <= 40 && t.key.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{}", t.key);
            assert_eq!(t.texts[0].locale, "en", "{}", t.key);
            assert!(t.texts_in("ar").is_some(), "{} has no Arabic", t.key);
            let allowed = t.allowed();
            for x in t.texts {
                for s in [x.subject, x.body, x.button] {
                    for p in placeholders_in(s) {
                        assert!(allowed.contains(&p), "{} ({}) uses {p}", t.key, x.locale);
                    }
                }
            }
            for (k, _) in t.samples_ar {
                assert!(t.samples.iter().any(|(s, _)| s == k), "{} has an Arabic sample for {k} only", t.key);
            }
            for p in t.placeholders.iter().filter(|p| **p != LINK) {
                assert!(t.samples.iter().any(|(k, _)| k == p), "{} has no sample for {p}", t.key);
            }
        }
    }
}
