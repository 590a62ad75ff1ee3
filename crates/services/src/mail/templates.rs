//! The registry of every mail the product sends: its key, what it is for, the placeholders it offers and its
//! default texts in each of the product's ten languages (`Locale::ALL`; a language without texts would fall back to
//! English). Owners may replace the subject and body per language (`brand::mail_templates`); the button's label
//! stays ours.

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
    /// Free-text samples in Arabic (roles, dates and meters are put in every language by the mails' own
    /// functions: `brand::mail_templates::sample_mail`).
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

/// The languages the product is written in (the domain's `Locale`); mails in any other fall back to English.
pub const LOCALES: &[&str] = &parley_domain::Locale::CODES;

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
            Texts {
                locale: "es",
                subject: "Te damos la bienvenida a {{product}}, {{name}}",
                body: "Hola, {{name}}:\n\nTu espacio de trabajo \"{{workspace}}\" está listo. Inicia sesión para conectar tu número de WhatsApp e invitar a tu equipo.",
                button: "Abrir {{product}}",
            },
            Texts {
                locale: "fr",
                subject: "Bienvenue sur {{product}}, {{name}}",
                body: "Bonjour {{name}},\n\nVotre espace de travail « {{workspace}} » est prêt. Connectez-vous pour relier votre numéro WhatsApp et inviter votre équipe.",
                button: "Ouvrir {{product}}",
            },
            Texts {
                locale: "de",
                subject: "Willkommen bei {{product}}, {{name}}",
                body: "Hallo {{name}},\n\nIhr Arbeitsbereich „{{workspace}}“ ist bereit. Melden Sie sich an, um Ihre WhatsApp-Nummer zu verbinden und Ihr Team einzuladen.",
                button: "{{product}} öffnen",
            },
            Texts {
                locale: "pt",
                subject: "Boas-vindas ao {{product}}, {{name}}",
                body: "Olá, {{name}}!\n\nSeu espaço de trabalho \"{{workspace}}\" está pronto. Entre para conectar seu número do WhatsApp e convidar sua equipe.",
                button: "Abrir o {{product}}",
            },
            Texts {
                locale: "hi",
                subject: "{{product}} में आपका स्वागत है, {{name}}",
                body: "नमस्ते {{name}},\n\nआपका वर्कस्पेस \"{{workspace}}\" तैयार है। अपना WhatsApp नंबर जोड़ने और अपनी टीम को आमंत्रित करने के लिए साइन इन करें।",
                button: "{{product}} खोलें",
            },
            Texts {
                locale: "zh",
                subject: "欢迎使用 {{product}}，{{name}}",
                body: "{{name}}，您好：\n\n您的工作区“{{workspace}}”已就绪。登录后即可连接您的 WhatsApp 号码并邀请团队成员。",
                button: "打开 {{product}}",
            },
            Texts {
                locale: "ja",
                subject: "{{product}} へようこそ、{{name}} さん",
                body: "{{name}} さん\n\nワークスペース「{{workspace}}」の準備ができました。サインインして WhatsApp の番号を接続し、チームを招待しましょう。",
                button: "{{product}} を開く",
            },
            Texts {
                locale: "ru",
                subject: "Добро пожаловать в {{product}}, {{name}}",
                body: "Здравствуйте, {{name}}!\n\nВаше рабочее пространство «{{workspace}}» готово. Войдите, чтобы подключить номер WhatsApp и пригласить команду.",
                button: "Открыть {{product}}",
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
            Texts {
                locale: "es",
                subject: "{{inviter}} te invitó a {{workspace}} en {{product}}",
                body: "{{inviter}} te invitó a unirte a \"{{workspace}}\" en {{product}} como {{role}}.\n\nEl enlace funciona durante {{days}} días.",
                button: "Aceptar la invitación",
            },
            Texts {
                locale: "fr",
                subject: "{{inviter}} vous invite à rejoindre {{workspace}} sur {{product}}",
                body: "{{inviter}} vous invite à rejoindre « {{workspace}} » sur {{product}} en tant que {{role}}.\n\nLe lien est valable {{days}} jours.",
                button: "Accepter l’invitation",
            },
            Texts {
                locale: "de",
                subject: "{{inviter}} hat Sie zu {{workspace}} auf {{product}} eingeladen",
                body: "{{inviter}} hat Sie eingeladen, „{{workspace}}“ auf {{product}} als {{role}} beizutreten.\n\nDer Link ist {{days}} Tage gültig.",
                button: "Einladung annehmen",
            },
            Texts {
                locale: "pt",
                subject: "{{inviter}} convidou você para {{workspace}} no {{product}}",
                body: "{{inviter}} convidou você para participar de \"{{workspace}}\" no {{product}} como {{role}}.\n\nO link funciona por {{days}} dias.",
                button: "Aceitar o convite",
            },
            Texts {
                locale: "hi",
                subject: "{{inviter}} ने आपको {{product}} पर {{workspace}} में आमंत्रित किया है",
                body: "{{inviter}} ने आपको {{product}} पर \"{{workspace}}\" में {{role}} के रूप में जुड़ने के लिए आमंत्रित किया है।\n\nयह लिंक {{days}} दिनों तक काम करता है।",
                button: "आमंत्रण स्वीकार करें",
            },
            Texts {
                locale: "zh",
                subject: "{{inviter}} 邀请您加入 {{product}} 上的 {{workspace}}",
                body: "{{inviter}} 邀请您以{{role}}身份加入 {{product}} 上的“{{workspace}}”。\n\n该链接在 {{days}} 天内有效。",
                button: "接受邀请",
            },
            Texts {
                locale: "ja",
                subject: "{{inviter}} さんが {{product}} の {{workspace}} にあなたを招待しました",
                body: "{{inviter}} さんが、{{product}} の「{{workspace}}」に{{role}}として参加するようあなたを招待しました。\n\nリンクの有効期間は {{days}} 日です。",
                button: "招待を承諾する",
            },
            Texts {
                locale: "ru",
                subject: "{{inviter}} приглашает вас в {{workspace}} на {{product}}",
                body: "{{inviter}} приглашает вас присоединиться к «{{workspace}}» на {{product}} с ролью «{{role}}».\n\nСсылка действует {{days}} дн.",
                button: "Принять приглашение",
            },
        ],
        samples: &[("inviter", "Omar Haddad"), ("workspace", "Acme Store"), ("role", "agent"), ("days", "7")],
        samples_ar: &[],
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
            Texts {
                locale: "es",
                subject: "Restablece tu contraseña de {{product}}",
                body: "Hola, {{name}}:\n\nAlguien pidió restablecer tu contraseña de {{product}}. Si fuiste tú, elige una nueva con el botón de abajo. El enlace funciona una sola vez durante {{minutes}} minutos.\n\nSi no fuiste tú, ignora este correo.",
                button: "Elegir una contraseña nueva",
            },
            Texts {
                locale: "fr",
                subject: "Réinitialisez votre mot de passe {{product}}",
                body: "Bonjour {{name}},\n\nQuelqu’un a demandé à réinitialiser votre mot de passe {{product}}. Si c’était vous, choisissez-en un nouveau avec le bouton ci-dessous. Le lien est valable une fois, pendant {{minutes}} minutes.\n\nSi ce n’était pas vous, ignorez cet e-mail.",
                button: "Choisir un nouveau mot de passe",
            },
            Texts {
                locale: "de",
                subject: "Ihr {{product}}-Passwort zurücksetzen",
                body: "Hallo {{name}},\n\njemand hat angefordert, Ihr {{product}}-Passwort zurückzusetzen. Wenn Sie das waren, wählen Sie über die Schaltfläche unten ein neues. Der Link funktioniert einmal und {{minutes}} Minuten lang.\n\nWenn Sie das nicht waren, ignorieren Sie diese E-Mail.",
                button: "Neues Passwort wählen",
            },
            Texts {
                locale: "pt",
                subject: "Redefina sua senha do {{product}}",
                body: "Olá, {{name}}!\n\nAlguém pediu para redefinir sua senha do {{product}}. Se foi você, escolha uma nova no botão abaixo. O link funciona uma única vez, por {{minutes}} minutos.\n\nSe não foi você, ignore este e-mail.",
                button: "Escolher uma nova senha",
            },
            Texts {
                locale: "hi",
                subject: "अपना {{product}} पासवर्ड रीसेट करें",
                body: "नमस्ते {{name}},\n\nकिसी ने आपका {{product}} पासवर्ड रीसेट करने का अनुरोध किया है। अगर यह आप थे, तो नीचे दिए बटन से नया पासवर्ड चुनें। यह लिंक {{minutes}} मिनट तक, केवल एक बार काम करता है।\n\nअगर यह आप नहीं थे, तो इस मेल को अनदेखा करें।",
                button: "नया पासवर्ड चुनें",
            },
            Texts {
                locale: "zh",
                subject: "重置您的 {{product}} 密码",
                body: "{{name}}，您好：\n\n有人请求重置您的 {{product}} 密码。如果是您本人，请点击下方按钮设置新密码。该链接仅可使用一次，{{minutes}} 分钟内有效。\n\n如果不是您本人，请忽略此邮件。",
                button: "设置新密码",
            },
            Texts {
                locale: "ja",
                subject: "{{product}} のパスワードを再設定してください",
                body: "{{name}} さん\n\n{{product}} のパスワード再設定のリクエストがありました。ご本人の場合は、下のボタンから新しいパスワードを設定してください。リンクは {{minutes}} 分間、1 回だけ使えます。\n\n心当たりがない場合は、このメールを無視してください。",
                button: "新しいパスワードを設定する",
            },
            Texts {
                locale: "ru",
                subject: "Сброс пароля {{product}}",
                body: "Здравствуйте, {{name}}!\n\nКто-то запросил сброс вашего пароля в {{product}}. Если это были вы, задайте новый пароль кнопкой ниже. Ссылка действует один раз в течение {{minutes}} мин.\n\nЕсли это были не вы, просто проигнорируйте это письмо.",
                button: "Задать новый пароль",
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
            Texts {
                locale: "es",
                subject: "Nuevo inicio de sesión en {{product}}",
                body: "Hola, {{name}}:\n\nAcaban de iniciar sesión en tu cuenta de {{product}} desde un dispositivo que no conocíamos:\n{{device}}\nDirección: {{ip}}\nHora: {{time}}\n\nSi fuiste tú, no tienes que hacer nada. Si no, cierra esa sesión y cambia tu contraseña.",
                button: "Revisar tus sesiones",
            },
            Texts {
                locale: "fr",
                subject: "Nouvelle connexion à {{product}}",
                body: "Bonjour {{name}},\n\nUne connexion à votre compte {{product}} vient d’avoir lieu depuis un appareil que nous ne connaissions pas :\n{{device}}\nAdresse : {{ip}}\nHeure : {{time}}\n\nSi c’était vous, rien à faire. Sinon, fermez cette session et changez votre mot de passe.",
                button: "Voir vos sessions",
            },
            Texts {
                locale: "de",
                subject: "Neue Anmeldung bei {{product}}",
                body: "Hallo {{name}},\n\nsoeben hat sich jemand von einem uns unbekannten Gerät bei Ihrem {{product}}-Konto angemeldet:\n{{device}}\nAdresse: {{ip}}\nZeit: {{time}}\n\nWenn Sie das waren, ist nichts zu tun. Andernfalls beenden Sie diese Sitzung und ändern Sie Ihr Passwort.",
                button: "Sitzungen prüfen",
            },
            Texts {
                locale: "pt",
                subject: "Novo acesso ao {{product}}",
                body: "Olá, {{name}}!\n\nSua conta do {{product}} acabou de ser acessada de um dispositivo que não conhecíamos:\n{{device}}\nEndereço: {{ip}}\nHorário: {{time}}\n\nSe foi você, não precisa fazer nada. Se não foi, encerre essa sessão e troque sua senha.",
                button: "Revisar suas sessões",
            },
            Texts {
                locale: "hi",
                subject: "{{product}} में नया साइन-इन",
                body: "नमस्ते {{name}},\n\nआपके {{product}} खाते में अभी एक ऐसे डिवाइस से साइन इन किया गया जिसे हमने पहले नहीं देखा था:\n{{device}}\nपता: {{ip}}\nसमय: {{time}}\n\nअगर यह आप थे, तो कुछ करने की ज़रूरत नहीं है। अगर नहीं, तो वह सत्र बंद करें और अपना पासवर्ड बदलें।",
                button: "अपने सत्र देखें",
            },
            Texts {
                locale: "zh",
                subject: "{{product}} 有新的登录",
                body: "{{name}}，您好：\n\n您的 {{product}} 账户刚刚从一台我们未见过的设备登录：\n{{device}}\n地址：{{ip}}\n时间：{{time}}\n\n如果是您本人，无需任何操作。否则，请结束该会话并更改密码。",
                button: "查看您的会话",
            },
            Texts {
                locale: "ja",
                subject: "{{product}} への新しいサインイン",
                body: "{{name}} さん\n\nお使いの {{product}} アカウントに、これまでにない端末からサインインがありました。\n{{device}}\nアドレス: {{ip}}\n日時: {{time}}\n\nご本人の場合は何もする必要はありません。心当たりがない場合は、そのセッションを終了してパスワードを変更してください。",
                button: "セッションを確認する",
            },
            Texts {
                locale: "ru",
                subject: "Новый вход в {{product}}",
                body: "Здравствуйте, {{name}}!\n\nВ ваш аккаунт {{product}} только что вошли с устройства, которого мы раньше не видели:\n{{device}}\nАдрес: {{ip}}\nВремя: {{time}}\n\nЕсли это были вы, ничего делать не нужно. Если нет, завершите этот сеанс и смените пароль.",
                button: "Проверить сеансы",
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
            Texts {
                locale: "es",
                subject: "Recibo {{number}}: {{amount}} por {{product}} {{plan}}",
                body: "Gracias: recibimos {{amount}} por tu plan {{plan}} (factura {{number}}).",
                button: "Ver la factura",
            },
            Texts {
                locale: "fr",
                subject: "Reçu {{number}} : {{amount}} pour {{product}} {{plan}}",
                body: "Merci : nous avons reçu {{amount}} pour votre formule {{plan}} (facture {{number}}).",
                button: "Voir la facture",
            },
            Texts {
                locale: "de",
                subject: "Beleg {{number}}: {{amount}} für {{product}} {{plan}}",
                body: "Vielen Dank: Wir haben {{amount}} für Ihren Tarif {{plan}} erhalten (Rechnung {{number}}).",
                button: "Rechnung ansehen",
            },
            Texts {
                locale: "pt",
                subject: "Recibo {{number}}: {{amount}} pelo {{product}} {{plan}}",
                body: "Obrigado: recebemos {{amount}} pelo seu plano {{plan}} (fatura {{number}}).",
                button: "Ver a fatura",
            },
            Texts {
                locale: "hi",
                subject: "रसीद {{number}}: {{product}} {{plan}} के लिए {{amount}}",
                body: "धन्यवाद: हमें आपके {{plan}} प्लान के लिए {{amount}} मिल गए हैं (इनवॉइस {{number}})।",
                button: "इनवॉइस देखें",
            },
            Texts {
                locale: "zh",
                subject: "收据 {{number}}：{{product}} {{plan}} 的 {{amount}}",
                body: "感谢您：我们已收到您 {{plan}} 套餐的 {{amount}}（发票 {{number}}）。",
                button: "查看发票",
            },
            Texts {
                locale: "ja",
                subject: "領収書 {{number}}: {{product}} {{plan}} の {{amount}}",
                body: "ありがとうございます。{{plan}} プランの料金 {{amount}} を受け取りました（請求書 {{number}}）。",
                button: "請求書を見る",
            },
            Texts {
                locale: "ru",
                subject: "Квитанция {{number}}: {{amount}} за {{product}} {{plan}}",
                body: "Спасибо: мы получили {{amount}} за ваш тариф {{plan}} (счёт {{number}}).",
                button: "Открыть счёт",
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
            Texts {
                locale: "es",
                subject: "Falló el pago de tu plan {{plan}} de {{product}}",
                body: "No pudimos cobrar {{amount}} por tu plan {{plan}}.\n\nSi el pago no se realiza en {{days}} días, las campañas, los flujos automáticos y las acciones masivas se pausan hasta que se haga. Las conversaciones siguen funcionando.",
                button: "Resolver el pago",
            },
            Texts {
                locale: "fr",
                subject: "Échec du paiement de votre formule {{product}} {{plan}}",
                body: "Nous n’avons pas pu prélever {{amount}} pour votre formule {{plan}}.\n\nSi le paiement n’est pas effectué sous {{days}} jours, les campagnes, les flux automatisés et les actions groupées sont suspendus jusqu’à ce qu’il le soit. Les conversations continuent de fonctionner.",
                button: "Régler le paiement",
            },
            Texts {
                locale: "de",
                subject: "Zahlung für Ihren {{product}}-Tarif {{plan}} fehlgeschlagen",
                body: "Wir konnten {{amount}} für Ihren Tarif {{plan}} nicht abbuchen.\n\nWenn die Zahlung nicht innerhalb von {{days}} Tagen erfolgt, werden Kampagnen, automatische Abläufe und Massenaktionen pausiert, bis sie erfolgt. Unterhaltungen funktionieren weiter.",
                button: "Zahlung klären",
            },
            Texts {
                locale: "pt",
                subject: "Falha no pagamento do seu plano {{plan}} do {{product}}",
                body: "Não conseguimos cobrar {{amount}} pelo seu plano {{plan}}.\n\nSe o pagamento não for feito em {{days}} dias, as campanhas, os fluxos automáticos e as ações em massa ficam pausados até que seja. As conversas continuam funcionando.",
                button: "Resolver o pagamento",
            },
            Texts {
                locale: "hi",
                subject: "आपके {{product}} {{plan}} प्लान का भुगतान विफल रहा",
                body: "हम आपके {{plan}} प्लान के लिए {{amount}} नहीं ले सके।\n\nअगर {{days}} दिनों के भीतर भुगतान नहीं होता, तो भुगतान होने तक कैंपेन, स्वचालित फ़्लो और बल्क कार्रवाइयाँ रुकी रहेंगी। बातचीत चलती रहेगी।",
                button: "भुगतान ठीक करें",
            },
            Texts {
                locale: "zh",
                subject: "您的 {{product}} {{plan}} 套餐付款失败",
                body: "我们未能为您的 {{plan}} 套餐扣款 {{amount}}。\n\n如果在 {{days}} 天内仍未付款，营销活动、自动化流程和批量操作将暂停，直到付款完成。会话不受影响。",
                button: "处理付款",
            },
            Texts {
                locale: "ja",
                subject: "{{product}} {{plan}} プランのお支払いに失敗しました",
                body: "{{plan}} プランの料金 {{amount}} を請求できませんでした。\n\n{{days}} 日以内にお支払いがない場合、お支払いが完了するまでキャンペーン、自動フロー、一括操作は一時停止します。会話はそのまま使えます。",
                button: "お支払いを確認する",
            },
            Texts {
                locale: "ru",
                subject: "Не удалось оплатить тариф {{plan}} в {{product}}",
                body: "Нам не удалось списать {{amount}} за ваш тариф {{plan}}.\n\nЕсли оплата не поступит в течение {{days}} дн., кампании, автоматические сценарии и массовые действия будут приостановлены до оплаты. Переписка продолжит работать.",
                button: "Исправить оплату",
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
            Texts {
                locale: "es",
                subject: "Tu prueba de {{product}} termina en {{days}} días",
                body: "Tu prueba del plan {{plan}} termina en {{days}} días.\n\nElige un plan y añade una tarjeta para que las campañas, los flujos y las acciones masivas sigan funcionando.",
                button: "Elegir un plan",
            },
            Texts {
                locale: "fr",
                subject: "Votre essai de {{product}} se termine dans {{days}} jours",
                body: "Votre essai de la formule {{plan}} se termine dans {{days}} jours.\n\nChoisissez une formule et ajoutez une carte pour que les campagnes, les flux et les actions groupées continuent.",
                button: "Choisir une formule",
            },
            Texts {
                locale: "de",
                subject: "Ihre {{product}}-Testphase endet in {{days}} Tagen",
                body: "Ihre Testphase des Tarifs {{plan}} endet in {{days}} Tagen.\n\nWählen Sie einen Tarif und hinterlegen Sie eine Karte, damit Kampagnen, Abläufe und Massenaktionen weiterlaufen.",
                button: "Tarif wählen",
            },
            Texts {
                locale: "pt",
                subject: "Seu teste do {{product}} termina em {{days}} dias",
                body: "Seu teste do plano {{plan}} termina em {{days}} dias.\n\nEscolha um plano e adicione um cartão para manter campanhas, fluxos e ações em massa funcionando.",
                button: "Escolher um plano",
            },
            Texts {
                locale: "hi",
                subject: "आपका {{product}} ट्रायल {{days}} दिनों में समाप्त हो रहा है",
                body: "{{plan}} प्लान का आपका ट्रायल {{days}} दिनों में समाप्त हो रहा है।\n\nकैंपेन, फ़्लो और बल्क कार्रवाइयाँ चालू रखने के लिए एक प्लान चुनें और कार्ड जोड़ें।",
                button: "प्लान चुनें",
            },
            Texts {
                locale: "zh",
                subject: "您的 {{product}} 试用将在 {{days}} 天后结束",
                body: "您的 {{plan}} 套餐试用将在 {{days}} 天后结束。\n\n请选择套餐并添加银行卡，以保持营销活动、流程和批量操作正常运行。",
                button: "选择套餐",
            },
            Texts {
                locale: "ja",
                subject: "{{product}} の試用期間はあと {{days}} 日で終了します",
                body: "{{plan}} プランの試用期間はあと {{days}} 日で終了します。\n\nキャンペーン、フロー、一括操作を続けて使うには、プランを選んでカードを登録してください。",
                button: "プランを選ぶ",
            },
            Texts {
                locale: "ru",
                subject: "Пробный период {{product}} закончится через {{days}} дн.",
                body: "Пробный период тарифа {{plan}} закончится через {{days}} дн.\n\nВыберите тариф и добавьте карту, чтобы кампании, сценарии и массовые действия продолжали работать.",
                button: "Выбрать тариф",
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
            Texts {
                locale: "es",
                subject: "Tu prueba de {{product}} terminó",
                body: "Tu prueba del plan {{plan}} terminó sin un método de pago, así que las campañas, los flujos automáticos y las acciones masivas están en pausa. Las conversaciones siguen funcionando.",
                button: "Suscribirse",
            },
            Texts {
                locale: "fr",
                subject: "Votre essai de {{product}} est terminé",
                body: "Votre essai de la formule {{plan}} s’est terminé sans moyen de paiement : les campagnes, les flux automatisés et les actions groupées sont suspendus. Les conversations continuent de fonctionner.",
                button: "S’abonner",
            },
            Texts {
                locale: "de",
                subject: "Ihre {{product}}-Testphase ist beendet",
                body: "Ihre Testphase des Tarifs {{plan}} ist ohne Zahlungsmethode abgelaufen, daher sind Kampagnen, automatische Abläufe und Massenaktionen pausiert. Unterhaltungen funktionieren weiter.",
                button: "Abonnieren",
            },
            Texts {
                locale: "pt",
                subject: "Seu teste do {{product}} terminou",
                body: "Seu teste do plano {{plan}} terminou sem uma forma de pagamento, então as campanhas, os fluxos automáticos e as ações em massa estão pausados. As conversas continuam funcionando.",
                button: "Assinar",
            },
            Texts {
                locale: "hi",
                subject: "आपका {{product}} ट्रायल समाप्त हो गया है",
                body: "{{plan}} प्लान का आपका ट्रायल बिना भुगतान माध्यम के समाप्त हो गया, इसलिए कैंपेन, स्वचालित फ़्लो और बल्क कार्रवाइयाँ रोक दी गई हैं। बातचीत चलती रहेगी।",
                button: "सदस्यता लें",
            },
            Texts {
                locale: "zh",
                subject: "您的 {{product}} 试用已结束",
                body: "您的 {{plan}} 套餐试用已结束且未添加付款方式，因此营销活动、自动化流程和批量操作已暂停。会话不受影响。",
                button: "订阅",
            },
            Texts {
                locale: "ja",
                subject: "{{product}} の試用期間が終了しました",
                body: "{{plan}} プランの試用期間が支払い方法の登録なしで終了したため、キャンペーン、自動フロー、一括操作は一時停止しています。会話はそのまま使えます。",
                button: "購読する",
            },
            Texts {
                locale: "ru",
                subject: "Пробный период {{product}} закончился",
                body: "Пробный период тарифа {{plan}} закончился без способа оплаты, поэтому кампании, автоматические сценарии и массовые действия приостановлены. Переписка продолжает работать.",
                button: "Оформить подписку",
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
            Texts {
                locale: "es",
                subject: "Tu plan de {{product}} cambia a {{to}}",
                body: "Tu plan cambia de {{from}} a {{to}} {{when}}.",
                button: "Abrir facturación",
            },
            Texts {
                locale: "fr",
                subject: "Votre formule {{product}} passe à {{to}}",
                body: "Votre formule passe de {{from}} à {{to}} {{when}}.",
                button: "Ouvrir la facturation",
            },
            Texts {
                locale: "de",
                subject: "Ihr {{product}}-Tarif wechselt zu {{to}}",
                body: "Ihr Tarif wechselt {{when}} von {{from}} zu {{to}}.",
                button: "Abrechnung öffnen",
            },
            Texts {
                locale: "pt",
                subject: "Seu plano do {{product}} muda para {{to}}",
                body: "Seu plano muda de {{from}} para {{to}} {{when}}.",
                button: "Abrir cobrança",
            },
            Texts {
                locale: "hi",
                subject: "आपका {{product}} प्लान {{to}} में बदल रहा है",
                body: "आपका प्लान {{when}} {{from}} से {{to}} में बदल रहा है।",
                button: "बिलिंग खोलें",
            },
            Texts {
                locale: "zh",
                subject: "您的 {{product}} 套餐将变更为 {{to}}",
                body: "您的套餐将于{{when}}从 {{from}} 变更为 {{to}}。",
                button: "打开账单",
            },
            Texts {
                locale: "ja",
                subject: "{{product}} のプランが {{to}} に変わります",
                body: "プランは{{when}} {{from}} から {{to}} に変わります。",
                button: "請求を開く",
            },
            Texts {
                locale: "ru",
                subject: "Ваш тариф {{product}} меняется на {{to}}",
                body: "Ваш тариф меняется с {{from}} на {{to}} {{when}}.",
                button: "Открыть оплату",
            },
        ],
        samples: &[("from", "Starter"), ("to", "Pro"), ("when", "on 2025-02-01")],
        samples_ar: &[],
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
            Texts {
                locale: "es",
                subject: "Tu suscripción a {{product}} está cancelada",
                body: "Tu suscripción {{plan}} está cancelada {{until}}. Puedes reanudarla antes de esa fecha.",
                button: "Abrir facturación",
            },
            Texts {
                locale: "fr",
                subject: "Votre abonnement {{product}} est résilié",
                body: "Votre abonnement {{plan}} est résilié {{until}}. Vous pouvez le reprendre d’ici là.",
                button: "Ouvrir la facturation",
            },
            Texts {
                locale: "de",
                subject: "Ihr {{product}}-Abonnement ist gekündigt",
                body: "Ihr Abonnement {{plan}} ist {{until}} gekündigt. Bis dahin können Sie es fortsetzen.",
                button: "Abrechnung öffnen",
            },
            Texts {
                locale: "pt",
                subject: "Sua assinatura do {{product}} foi cancelada",
                body: "Sua assinatura {{plan}} foi cancelada {{until}}. Você pode retomá-la antes disso.",
                button: "Abrir cobrança",
            },
            Texts {
                locale: "hi",
                subject: "आपकी {{product}} सदस्यता रद्द कर दी गई है",
                body: "आपकी {{plan}} सदस्यता {{until}} रद्द हो जाएगी। उससे पहले आप इसे फिर से शुरू कर सकते हैं।",
                button: "बिलिंग खोलें",
            },
            Texts {
                locale: "zh",
                subject: "您的 {{product}} 订阅已取消",
                body: "您的 {{plan}} 订阅已取消，{{until}}生效。在此之前您可以恢复订阅。",
                button: "打开账单",
            },
            Texts {
                locale: "ja",
                subject: "{{product}} の購読は解約されました",
                body: "{{plan}} の購読は{{until}}解約されます。それまでは再開できます。",
                button: "請求を開く",
            },
            Texts {
                locale: "ru",
                subject: "Подписка на {{product}} отменена",
                body: "Подписка {{plan}} отменена {{until}}. До этого момента её можно возобновить.",
                button: "Открыть оплату",
            },
        ],
        samples: &[("plan", "Pro"), ("until", "at the end of the period, on 2025-02-01")],
        samples_ar: &[],
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
            Texts {
                locale: "es",
                subject: "{{product}}: usaste el {{percent}} % de tus {{what}}",
                body: "Usaste el {{percent}} % de tus {{what}}: {{used}} de {{limit}} en el plan {{plan}}. Mejora tu plan para tener más.",
                button: "Ver planes",
            },
            Texts {
                locale: "fr",
                subject: "{{product}} : vous avez utilisé {{percent}} % de vos {{what}}",
                body: "Vous avez utilisé {{percent}} % de vos {{what}} : {{used}} sur {{limit}} avec la formule {{plan}}. Passez à une formule supérieure pour en avoir plus.",
                button: "Voir les formules",
            },
            Texts {
                locale: "de",
                subject: "{{product}}: Sie haben {{percent}} % Ihrer {{what}} genutzt",
                body: "Sie haben {{percent}} % Ihrer {{what}} genutzt: {{used}} von {{limit}} im Tarif {{plan}}. Wechseln Sie den Tarif für mehr.",
                button: "Tarife ansehen",
            },
            Texts {
                locale: "pt",
                subject: "{{product}}: você usou {{percent}}% dos seus {{what}}",
                body: "Você usou {{percent}}% dos seus {{what}}: {{used}} de {{limit}} no plano {{plan}}. Faça upgrade para ter mais.",
                button: "Ver planos",
            },
            Texts {
                locale: "hi",
                subject: "{{product}}: आपने अपने {{what}} का {{percent}}% इस्तेमाल कर लिया है",
                body: "आपने अपने {{what}} का {{percent}}% इस्तेमाल कर लिया है: {{plan}} प्लान पर {{limit}} में से {{used}}। ज़्यादा के लिए अपग्रेड करें।",
                button: "प्लान देखें",
            },
            Texts {
                locale: "zh",
                subject: "{{product}}：您已使用 {{percent}}% 的{{what}}额度",
                body: "您已使用 {{percent}}% 的{{what}}额度：{{plan}} 套餐的 {{limit}} 中已用 {{used}}。升级可获得更多。",
                button: "查看套餐",
            },
            Texts {
                locale: "ja",
                subject: "{{product}}: {{what}}の {{percent}}% を使用しました",
                body: "{{what}}の {{percent}}% を使用しました（{{plan}} プランの上限 {{limit}} のうち {{used}}）。さらに使うにはアップグレードしてください。",
                button: "プランを見る",
            },
            Texts {
                locale: "ru",
                subject: "{{product}}: использовано {{percent}}% лимита ({{what}})",
                body: "Использовано {{percent}}% лимита ({{what}}): {{used}} из {{limit}} на тарифе {{plan}}. Перейдите на тариф выше, чтобы получить больше.",
                button: "Посмотреть тарифы",
            },
        ],
        samples: &[("plan", "Pro"), ("what", "contacts"), ("percent", "90"), ("used", "900"), ("limit", "1000")],
        samples_ar: &[],
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
            Texts {
                locale: "es",
                subject: "{{product}}: alcanzaste tu límite de {{what}}",
                body: "Alcanzaste tu límite de {{what}}: {{used}} de {{limit}} en el plan {{plan}}. Mejora tu plan para tener más.",
                button: "Ver planes",
            },
            Texts {
                locale: "fr",
                subject: "{{product}} : vous avez atteint votre limite de {{what}}",
                body: "Vous avez atteint votre limite de {{what}} : {{used}} sur {{limit}} avec la formule {{plan}}. Passez à une formule supérieure pour en avoir plus.",
                button: "Voir les formules",
            },
            Texts {
                locale: "de",
                subject: "{{product}}: Sie haben Ihr Limit für {{what}} erreicht",
                body: "Sie haben Ihr Limit für {{what}} erreicht: {{used}} von {{limit}} im Tarif {{plan}}. Wechseln Sie den Tarif für mehr.",
                button: "Tarife ansehen",
            },
            Texts {
                locale: "pt",
                subject: "{{product}}: você atingiu seu limite de {{what}}",
                body: "Você atingiu seu limite de {{what}}: {{used}} de {{limit}} no plano {{plan}}. Faça upgrade para ter mais.",
                button: "Ver planos",
            },
            Texts {
                locale: "hi",
                subject: "{{product}}: आप {{what}} की अपनी सीमा तक पहुँच गए हैं",
                body: "आप {{what}} की अपनी सीमा तक पहुँच गए हैं: {{plan}} प्लान पर {{limit}} में से {{used}}। ज़्यादा के लिए अपग्रेड करें।",
                button: "प्लान देखें",
            },
            Texts {
                locale: "zh",
                subject: "{{product}}：您的{{what}}已达上限",
                body: "您的{{what}}已达上限：{{plan}} 套餐的 {{limit}} 中已用 {{used}}。升级可获得更多。",
                button: "查看套餐",
            },
            Texts {
                locale: "ja",
                subject: "{{product}}: {{what}}の上限に達しました",
                body: "{{what}}の上限に達しました（{{plan}} プランの上限 {{limit}} のうち {{used}}）。さらに使うにはアップグレードしてください。",
                button: "プランを見る",
            },
            Texts {
                locale: "ru",
                subject: "{{product}}: достигнут лимит ({{what}})",
                body: "Достигнут лимит ({{what}}): {{used}} из {{limit}} на тарифе {{plan}}. Перейдите на тариф выше, чтобы получить больше.",
                button: "Посмотреть тарифы",
            },
        ],
        samples: &[("plan", "Pro"), ("what", "contacts"), ("used", "1000"), ("limit", "1000")],
        samples_ar: &[],
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
            Texts {
                locale: "es",
                subject: "{{agency}} ahora paga tu espacio de trabajo",
                body: "{{agency}} ahora paga tu espacio de trabajo.",
                button: "Abrir facturación",
            },
            Texts {
                locale: "fr",
                subject: "{{agency}} paie désormais votre espace de travail",
                body: "{{agency}} paie désormais votre espace de travail.",
                button: "Ouvrir la facturation",
            },
            Texts {
                locale: "de",
                subject: "{{agency}} zahlt jetzt für Ihren Arbeitsbereich",
                body: "{{agency}} zahlt jetzt für Ihren Arbeitsbereich.",
                button: "Abrechnung öffnen",
            },
            Texts {
                locale: "pt",
                subject: "{{agency}} agora paga pelo seu espaço de trabalho",
                body: "{{agency}} agora paga pelo seu espaço de trabalho.",
                button: "Abrir cobrança",
            },
            Texts {
                locale: "hi",
                subject: "अब {{agency}} आपके वर्कस्पेस का भुगतान करती है",
                body: "अब {{agency}} आपके वर्कस्पेस का भुगतान करती है।",
                button: "बिलिंग खोलें",
            },
            Texts {
                locale: "zh",
                subject: "{{agency}} 现在为您的工作区付费",
                body: "{{agency}} 现在为您的工作区付费。",
                button: "打开账单",
            },
            Texts {
                locale: "ja",
                subject: "{{agency}} がワークスペースの料金を支払うようになりました",
                body: "{{agency}} があなたのワークスペースの料金を支払うようになりました。",
                button: "請求を開く",
            },
            Texts {
                locale: "ru",
                subject: "{{agency}} теперь оплачивает ваше рабочее пространство",
                body: "{{agency}} теперь оплачивает ваше рабочее пространство.",
                button: "Открыть оплату",
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
            Texts {
                locale: "es",
                subject: "{{agency}} ahora paga tu espacio de trabajo",
                body: "{{agency}} ahora paga tu espacio de trabajo.\n\nTu propia suscripción no se renovará: termina el {{date}} y no se te volverá a cobrar.",
                button: "Abrir facturación",
            },
            Texts {
                locale: "fr",
                subject: "{{agency}} paie désormais votre espace de travail",
                body: "{{agency}} paie désormais votre espace de travail.\n\nVotre propre abonnement ne sera pas renouvelé : il prend fin le {{date}} et vous ne serez plus prélevé.",
                button: "Ouvrir la facturation",
            },
            Texts {
                locale: "de",
                subject: "{{agency}} zahlt jetzt für Ihren Arbeitsbereich",
                body: "{{agency}} zahlt jetzt für Ihren Arbeitsbereich.\n\nIhr eigenes Abonnement wird nicht verlängert: Es endet am {{date}}, und Ihnen wird nichts mehr berechnet.",
                button: "Abrechnung öffnen",
            },
            Texts {
                locale: "pt",
                subject: "{{agency}} agora paga pelo seu espaço de trabalho",
                body: "{{agency}} agora paga pelo seu espaço de trabalho.\n\nSua própria assinatura não será renovada: ela termina em {{date}} e você não será cobrado novamente.",
                button: "Abrir cobrança",
            },
            Texts {
                locale: "hi",
                subject: "अब {{agency}} आपके वर्कस्पेस का भुगतान करती है",
                body: "अब {{agency}} आपके वर्कस्पेस का भुगतान करती है।\n\nआपकी अपनी सदस्यता नवीनीकृत नहीं होगी: यह {{date}} को समाप्त होगी और आपसे फिर शुल्क नहीं लिया जाएगा।",
                button: "बिलिंग खोलें",
            },
            Texts {
                locale: "zh",
                subject: "{{agency}} 现在为您的工作区付费",
                body: "{{agency}} 现在为您的工作区付费。\n\n您自己的订阅不会续订：它将于 {{date}} 结束，之后不会再向您收费。",
                button: "打开账单",
            },
            Texts {
                locale: "ja",
                subject: "{{agency}} がワークスペースの料金を支払うようになりました",
                body: "{{agency}} があなたのワークスペースの料金を支払うようになりました。\n\nご自身の購読は更新されません。{{date}} に終了し、以後は請求されません。",
                button: "請求を開く",
            },
            Texts {
                locale: "ru",
                subject: "{{agency}} теперь оплачивает ваше рабочее пространство",
                body: "{{agency}} теперь оплачивает ваше рабочее пространство.\n\nВаша собственная подписка не продлится: она закончится {{date}}, и списаний больше не будет.",
                button: "Открыть оплату",
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
            Texts {
                locale: "es",
                subject: "{{agency}} ahora factura directamente a tu espacio de trabajo",
                body: "{{agency}} ya no paga tu espacio de trabajo: a partir de ahora lo pagas tú con tarjeta.\n\nElige un plan y añade una tarjeta en {{days}} días para que las campañas, los flujos y las acciones masivas sigan funcionando. Las conversaciones siguen funcionando en cualquier caso.",
                button: "Elegir un plan",
            },
            Texts {
                locale: "fr",
                subject: "{{agency}} facture désormais directement votre espace de travail",
                body: "{{agency}} ne paie plus votre espace de travail : désormais, vous le payez par carte.\n\nChoisissez une formule et ajoutez une carte sous {{days}} jours pour que les campagnes, les flux et les actions groupées continuent. Les conversations continuent dans tous les cas.",
                button: "Choisir une formule",
            },
            Texts {
                locale: "de",
                subject: "{{agency}} rechnet Ihren Arbeitsbereich jetzt direkt ab",
                body: "{{agency}} zahlt nicht mehr für Ihren Arbeitsbereich: Ab jetzt zahlen Sie per Karte.\n\nWählen Sie innerhalb von {{days}} Tagen einen Tarif und hinterlegen Sie eine Karte, damit Kampagnen, Abläufe und Massenaktionen weiterlaufen. Unterhaltungen funktionieren in jedem Fall weiter.",
                button: "Tarif wählen",
            },
            Texts {
                locale: "pt",
                subject: "{{agency}} agora cobra seu espaço de trabalho diretamente",
                body: "{{agency}} não paga mais pelo seu espaço de trabalho: a partir de agora, você paga com cartão.\n\nEscolha um plano e adicione um cartão em até {{days}} dias para manter campanhas, fluxos e ações em massa funcionando. As conversas continuam funcionando de qualquer forma.",
                button: "Escolher um plano",
            },
            Texts {
                locale: "hi",
                subject: "अब {{agency}} आपके वर्कस्पेस का बिल सीधे आपको भेजती है",
                body: "{{agency}} अब आपके वर्कस्पेस का भुगतान नहीं करती: अब से आप कार्ड से भुगतान करेंगे।\n\nकैंपेन, फ़्लो और बल्क कार्रवाइयाँ चालू रखने के लिए {{days}} दिनों के भीतर एक प्लान चुनें और कार्ड जोड़ें। बातचीत हर हाल में चलती रहेगी।",
                button: "प्लान चुनें",
            },
            Texts {
                locale: "zh",
                subject: "{{agency}} 现在直接向您的工作区收费",
                body: "{{agency}} 不再为您的工作区付费：从现在起由您用银行卡支付。\n\n请在 {{days}} 天内选择套餐并添加银行卡，以保持营销活动、流程和批量操作正常运行。会话在任何情况下都不受影响。",
                button: "选择套餐",
            },
            Texts {
                locale: "ja",
                subject: "{{agency}} からの請求がワークスペースに直接届くようになりました",
                body: "{{agency}} はワークスペースの料金を支払わなくなりました。今後はカードでお支払いいただきます。\n\nキャンペーン、フロー、一括操作を続けて使うには、{{days}} 日以内にプランを選んでカードを登録してください。会話はどちらの場合もそのまま使えます。",
                button: "プランを選ぶ",
            },
            Texts {
                locale: "ru",
                subject: "{{agency}} теперь выставляет счета вашему рабочему пространству напрямую",
                body: "{{agency}} больше не оплачивает ваше рабочее пространство: теперь вы платите картой сами.\n\nВыберите тариф и добавьте карту в течение {{days}} дн., чтобы кампании, сценарии и массовые действия продолжали работать. Переписка работает в любом случае.",
                button: "Выбрать тариф",
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
            Texts {
                locale: "es",
                subject: "{{workspace}}: tu semana en {{product}}",
                body: "Hola, {{name}}:\n\nLos últimos 7 días de {{workspace}} (del {{from}} al {{to}}):\n\n{{summary}}",
                button: "Abrir analítica",
            },
            Texts {
                locale: "fr",
                subject: "{{workspace}} : votre semaine sur {{product}}",
                body: "Bonjour {{name}},\n\nLes 7 derniers jours de {{workspace}} (du {{from}} au {{to}}) :\n\n{{summary}}",
                button: "Ouvrir les statistiques",
            },
            Texts {
                locale: "de",
                subject: "{{workspace}}: Ihre Woche auf {{product}}",
                body: "Hallo {{name}},\n\ndie letzten 7 Tage von {{workspace}} ({{from}} bis {{to}}):\n\n{{summary}}",
                button: "Auswertungen öffnen",
            },
            Texts {
                locale: "pt",
                subject: "{{workspace}}: sua semana no {{product}}",
                body: "Olá, {{name}}!\n\nOs últimos 7 dias de {{workspace}} (de {{from}} a {{to}}):\n\n{{summary}}",
                button: "Abrir relatórios",
            },
            Texts {
                locale: "hi",
                subject: "{{workspace}}: {{product}} पर आपका सप्ताह",
                body: "नमस्ते {{name}},\n\n{{workspace}} के पिछले 7 दिन ({{from}} से {{to}} तक):\n\n{{summary}}",
                button: "एनालिटिक्स खोलें",
            },
            Texts {
                locale: "zh",
                subject: "{{workspace}}：您在 {{product}} 上的一周",
                body: "{{name}}，您好：\n\n{{workspace}} 最近 7 天（{{from}} 至 {{to}}）：\n\n{{summary}}",
                button: "打开分析",
            },
            Texts {
                locale: "ja",
                subject: "{{workspace}}: {{product}} での 1 週間",
                body: "{{name}} さん\n\n{{workspace}} の直近 7 日間（{{from}}〜{{to}}）:\n\n{{summary}}",
                button: "分析を開く",
            },
            Texts {
                locale: "ru",
                subject: "{{workspace}}: ваша неделя в {{product}}",
                body: "Здравствуйте, {{name}}!\n\nПоследние 7 дней в {{workspace}} (с {{from}} по {{to}}):\n\n{{summary}}",
                button: "Открыть аналитику",
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
            Texts {
                locale: "es",
                subject: "{{product}}: la campaña \"{{campaign}}\" se detuvo",
                body: "La campaña \"{{campaign}}\" se detuvo: {{reason}}\n\nÁbrela para reanudarla o cancelarla.",
                button: "Abrir campañas",
            },
            Texts {
                locale: "fr",
                subject: "{{product}} : la campagne « {{campaign}} » s’est arrêtée",
                body: "La campagne « {{campaign}} » s’est arrêtée : {{reason}}\n\nOuvrez-la pour la reprendre ou l’annuler.",
                button: "Ouvrir les campagnes",
            },
            Texts {
                locale: "de",
                subject: "{{product}}: Kampagne „{{campaign}}“ wurde angehalten",
                body: "Die Kampagne „{{campaign}}“ wurde angehalten: {{reason}}\n\nÖffnen Sie sie, um sie fortzusetzen oder abzubrechen.",
                button: "Kampagnen öffnen",
            },
            Texts {
                locale: "pt",
                subject: "{{product}}: a campanha \"{{campaign}}\" parou",
                body: "A campanha \"{{campaign}}\" parou: {{reason}}\n\nAbra-a para retomá-la ou cancelá-la.",
                button: "Abrir campanhas",
            },
            Texts {
                locale: "hi",
                subject: "{{product}}: कैंपेन \"{{campaign}}\" रुक गया",
                body: "कैंपेन \"{{campaign}}\" रुक गया: {{reason}}\n\nइसे फिर से शुरू करने या रद्द करने के लिए खोलें।",
                button: "कैंपेन खोलें",
            },
            Texts {
                locale: "zh",
                subject: "{{product}}：营销活动“{{campaign}}”已停止",
                body: "营销活动“{{campaign}}”已停止：{{reason}}\n\n打开它以恢复或取消。",
                button: "打开营销活动",
            },
            Texts {
                locale: "ja",
                subject: "{{product}}: キャンペーン「{{campaign}}」が停止しました",
                body: "キャンペーン「{{campaign}}」が停止しました: {{reason}}\n\n開いて再開するか、キャンセルしてください。",
                button: "キャンペーンを開く",
            },
            Texts {
                locale: "ru",
                subject: "{{product}}: кампания «{{campaign}}» остановлена",
                body: "Кампания «{{campaign}}» остановлена: {{reason}}\n\nОткройте её, чтобы возобновить или отменить.",
                button: "Открыть кампании",
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
            Texts {
                locale: "es",
                subject: "{{product}}: se desactivó un endpoint de webhook",
                body: "Todas las entregas a {{url}} fallaron durante un día, así que el endpoint se desactivó. Corrígelo, vuelve a activarlo y reenvía lo que se perdió.",
                button: "Abrir webhooks",
            },
            Texts {
                locale: "fr",
                subject: "{{product}} : un point de terminaison webhook a été désactivé",
                body: "Toutes les livraisons vers {{url}} ont échoué pendant une journée, le point de terminaison a donc été désactivé. Corrigez-le, réactivez-le puis rejouez ce qu’il a manqué.",
                button: "Ouvrir les webhooks",
            },
            Texts {
                locale: "de",
                subject: "{{product}}: ein Webhook-Endpunkt wurde deaktiviert",
                body: "Jede Zustellung an {{url}} ist einen Tag lang fehlgeschlagen, daher wurde der Endpunkt deaktiviert. Beheben Sie das Problem, aktivieren Sie ihn wieder und senden Sie das Verpasste erneut.",
                button: "Webhooks öffnen",
            },
            Texts {
                locale: "pt",
                subject: "{{product}}: um endpoint de webhook foi desativado",
                body: "Todas as entregas para {{url}} falharam por um dia, então o endpoint foi desativado. Corrija-o, ative-o de novo e reenvie o que ele perdeu.",
                button: "Abrir webhooks",
            },
            Texts {
                locale: "hi",
                subject: "{{product}}: एक वेबहुक एंडपॉइंट बंद कर दिया गया",
                body: "{{url}} पर हर डिलीवरी एक दिन तक विफल रही, इसलिए एंडपॉइंट बंद कर दिया गया। इसे ठीक करें, फिर से चालू करें और जो छूट गया उसे दोबारा भेजें।",
                button: "वेबहुक खोलें",
            },
            Texts {
                locale: "zh",
                subject: "{{product}}：一个 Webhook 端点已被停用",
                body: "发往 {{url}} 的所有投递在一天内均失败，因此该端点已被停用。请修复后重新启用，并重放它错过的内容。",
                button: "打开 Webhook",
            },
            Texts {
                locale: "ja",
                subject: "{{product}}: Webhook のエンドポイントが無効になりました",
                body: "{{url}} への配信が 1 日間すべて失敗したため、エンドポイントを無効にしました。問題を直してから再び有効にし、届かなかった分を再送してください。",
                button: "Webhook を開く",
            },
            Texts {
                locale: "ru",
                subject: "{{product}}: вебхук-эндпоинт отключён",
                body: "Все доставки на {{url}} в течение суток завершились ошибкой, поэтому эндпоинт отключён. Исправьте его, включите снова и повторите пропущенное.",
                button: "Открыть вебхуки",
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
            Texts { locale: "es", subject: "{{subject}}", body: "{{message}}", button: "Abrir en {{product}}" },
            Texts { locale: "fr", subject: "{{subject}}", body: "{{message}}", button: "Ouvrir dans {{product}}" },
            Texts { locale: "de", subject: "{{subject}}", body: "{{message}}", button: "In {{product}} öffnen" },
            Texts { locale: "pt", subject: "{{subject}}", body: "{{message}}", button: "Abrir no {{product}}" },
            Texts {
                locale: "hi", subject: "{{subject}}", body: "{{message}}", button: "{{product}} में खोलें"
            },
            Texts { locale: "zh", subject: "{{subject}}", body: "{{message}}", button: "在 {{product}} 中打开" },
            Texts { locale: "ja", subject: "{{subject}}", body: "{{message}}", button: "{{product}} で開く" },
            Texts {
                locale: "ru", subject: "{{subject}}", body: "{{message}}", button: "Открыть в {{product}}"
            },
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
    fn every_template_is_written_in_the_ten_languages_with_the_placeholders_english_uses() {
        fn sorted(s: &str) -> Vec<&str> {
            let mut v = placeholders_in(s);
            v.sort_unstable();
            v.dedup();
            v
        }
        for t in TEMPLATES {
            let mut found: Vec<&str> = t.texts.iter().map(|x| x.locale).collect();
            assert_eq!(found[0], "en", "{}: English first (the fallback)", t.key);
            found.sort_unstable();
            let mut all = LOCALES.to_vec();
            all.sort_unstable();
            assert_eq!(found, all, "{}: each language once", t.key);
            let en = &t.texts[0];
            for x in &t.texts[1..] {
                assert_eq!(
                    sorted(x.subject),
                    sorted(en.subject),
                    "{} ({}): the subject's placeholders",
                    t.key,
                    x.locale
                );
                assert_eq!(sorted(x.body), sorted(en.body), "{} ({}): the body's placeholders", t.key, x.locale);
                assert_eq!(sorted(x.button), sorted(en.button), "{} ({}): the button's placeholders", t.key, x.locale);
                for s in [x.subject, x.body, x.button] {
                    assert!(!s.trim().is_empty(), "{} ({}) has an empty text", t.key, x.locale);
                }
            }
        }
    }

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
