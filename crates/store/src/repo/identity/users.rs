//! Identities (global: one person may belong to several tenants).

use crate::entities::users::{self, ActiveModel, Entity, Model};
use crate::repo::stmt;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, Set};
use uuid::Uuid;

pub async fn insert<C: ConnectionTrait>(
    c: &C,
    id: Uuid,
    email: &str,
    name: &str,
    password_hash: &str,
    locale: &str,
) -> Result<Model, DbErr> {
    let now = Utc::now();
    ActiveModel {
        id: Set(id),
        email: Set(email.to_owned()),
        name: Set(name.to_owned()),
        password_hash: Set(password_hash.to_owned()),
        locale: Set(locale.to_owned()),
        is_platform_admin: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        last_login_at: Set(None),
    }
    .insert(c)
    .await
}

/// Removes a person (a sign-up whose workspace could not be committed).
pub async fn delete<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<(), DbErr> {
    c.execute_raw(stmt("delete from users where id = $1", [id.into()])).await?;
    Ok(())
}

pub async fn find<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(id).one(c).await
}

pub async fn find_by_email<C: ConnectionTrait>(c: &C, email: &str) -> Result<Option<Model>, DbErr> {
    users::Entity::find()
        .from_raw_sql(stmt("select * from users where lower(email) = lower($1)", [email.into()]))
        .one(c)
        .await
}

pub async fn set_password<C: ConnectionTrait>(c: &C, id: Uuid, hash: &str) -> Result<(), DbErr> {
    c.execute_raw(stmt(
        "update users set password_hash = $2, updated_at = now() where id = $1",
        [id.into(), hash.into()],
    ))
    .await?;
    Ok(())
}

pub async fn update_profile<C: ConnectionTrait>(
    c: &C,
    id: Uuid,
    name: Option<&str>,
    locale: Option<&str>,
) -> Result<(), DbErr> {
    c.execute_raw(stmt(
        "update users set name = coalesce($2, name), locale = coalesce($3, locale), updated_at = now() where id = $1",
        [id.into(), name.map(str::to_owned).into(), locale.map(str::to_owned).into()],
    ))
    .await?;
    Ok(())
}

pub async fn touch_login<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<(), DbErr> {
    c.execute_raw(stmt("update users set last_login_at = now() where id = $1", [id.into()])).await?;
    Ok(())
}

pub async fn set_platform_admin<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<(), DbErr> {
    c.execute_raw(stmt("update users set is_platform_admin = true, updated_at = now() where id = $1", [id.into()]))
        .await?;
    Ok(())
}
